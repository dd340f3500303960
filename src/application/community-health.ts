import type { Actor } from '../domain/identity';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { CommunityWithCounts } from '../domain/model';
import { type Result, ok } from '../domain/refusals';
import { type AdministrationDeps, findForOrganiser } from './community-administration';
import { yearlyReminderDue } from './meeting-routines';

/** The figures storage computes for the health view. */
export interface CommunityHealthStore {
  /** Members at each instant (joined by then and not left by then), in the order given. */
  membersAt(communityId: string, instants: readonly Date[]): Promise<number[]>;
  /** Over meetings held (not cancelled) that began after `since` and by `now` and whose attendance was marked: people present, and people who said they would come (a seat, or online). */
  attendanceOf(communityId: string, since: Date, now: Date): Promise<{ readonly attended: number; readonly expected: number }>;
}

export interface CommunityHealthDeps {
  readonly administration: AdministrationDeps;
  readonly health: CommunityHealthStore;
  readonly meetings: Pick<MeetingStore, 'figuresOf' | 'inPersonAround'>;
}

export interface CommunityHealthView {
  readonly community: CommunityWithCounts;
  /** Month "YYYY-MM" (UTC) and the members at its end (now, for the current month), oldest first. */
  readonly membersOverTime: readonly { readonly month: string; readonly members: number }[];
  readonly interests: number;
  readonly meetingsHeld: number;
  readonly attendanceRate: number | null;
  readonly lastInPersonMeeting: Date | null;
  readonly yearlyRuleMet: boolean;
}

const YEAR_MS = 365 * 86_400_000;

/** The organisers' view of a community (its organisers and administrators only): members over 12 months, meetings, attendance, the yearly rule. */
export async function communityHealth(deps: CommunityHealthDeps, actor: Actor, slug: string): Promise<Result<CommunityHealthView>> {
  const found = await findForOrganiser(deps.administration, actor, { slug }, 'health');
  if (!found.ok) return found;
  const community = found.value;
  const now = deps.administration.clock.now();
  const since = new Date(now.getTime() - YEAR_MS);
  const months = lastTwelveMonths(now);
  const [members, figures, around, attendance, due] = await Promise.all([
    deps.health.membersAt(community.id, months.map((m) => m.end)),
    deps.meetings.figuresOf(community.id, since, now),
    deps.meetings.inPersonAround(community.id, now),
    deps.health.attendanceOf(community.id, since, now),
    yearlyReminderDue(deps, community, now),
  ]);
  return ok({
    community,
    membersOverTime: months.map((m, i) => ({ month: m.month, members: members[i] ?? 0 })),
    interests: community.interestCount,
    meetingsHeld: figures.held,
    attendanceRate: attendance.expected > 0 ? Math.round((attendance.attended / attendance.expected) * 1000) / 1000 : null,
    lastInPersonMeeting: around.last ?? null,
    yearlyRuleMet: !due,
  });
}

/** The 12 months ending with the current one (UTC), each with the instant its figure is read at. */
export function lastTwelveMonths(now: Date): { month: string; end: Date }[] {
  const months: { month: string; end: Date }[] = [];
  for (let back = 11; back >= 0; back -= 1) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const end = back === 0 ? now : new Date(next.getTime() - 1);
    months.push({ month: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, end });
  }
  return months;
}
