import type { CatalogueDeps } from '../application/community-catalogue';
import type { CommunityHealthDeps } from '../application/community-health';
import type { MyMeetingsDeps } from '../application/my-meetings';
import type { RecordingDeps } from '../application/recordings';
import type { RsvpDeps, RsvpNotice } from '../application/rsvp';
import type { Locale, Localized, UserIdentity } from '../domain/model';
import type { TeamSyncOutcome } from '../domain/ports';
import { z } from 'zod';
import type { ProblemWords } from './problems';
import type { MeetingWhen } from './tab-api-views';

/** The sentences the tab API says, as the bot says them (app.ts builds them from the bot's catalogue). */
export interface TabWords extends ProblemWords {
  /** A membership change's outcome, with what the Teams side did when it matters (outcomes.*). */
  membership(outcome: string, community: Localized, team: TeamSyncOutcome | undefined, locale: Locale): string;
  /** The RSVP card's notice for an answer (meetings.rsvp.notices.*). */
  rsvpNotice(notice: RsvpNotice, waitlistRank: number | null, locale: Locale): string;
  when: MeetingWhen;
}

/** What the tab API calls: the same use cases (and deps) as the bot. */
export interface TabApiDeps {
  readonly catalogue: CatalogueDeps;
  readonly myMeetings: MyMeetingsDeps;
  readonly rsvp: RsvpDeps;
  readonly recordings: RecordingDeps;
  readonly health: CommunityHealthDeps;
  readonly words: TabWords;
  /** The language the person chose with the bot, if any. */
  chosenLocale(user: UserIdentity): Promise<Locale | undefined>;
}

export const MAX_LIMIT = 100;

/** `?offset=&limit=` of every list. */
export const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(20),
});

export const slugParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
