import type { CommunityRepository } from '../domain/ports';
import type { UserIdentity } from '../domain/model';
import type { MeetingOverview } from '../domain/meetings/meeting';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { MeetingLinks, MeetingViews, PersonalMeetingView, YearlyRuleView } from '../domain/meetings/meeting-views';
import { personalView } from './rsvp';

/** The views the outbox renders at send time, read from the state of that moment. */
export class StoredMeetingViews implements MeetingViews {
  constructor(
    private readonly meetings: MeetingStore,
    private readonly communities: Pick<CommunityRepository, 'listVisible'>,
    private readonly links: MeetingLinks,
    private readonly clock: { now(): Date },
  ) {}

  async personal(meetingId: string, user: UserIdentity): Promise<PersonalMeetingView | undefined> {
    if (!(await this.meetings.find(meetingId))) return undefined;
    return personalView({ meetings: this.meetings, links: this.links }, meetingId, { user });
  }

  overview(meetingId: string): Promise<MeetingOverview | undefined> {
    return this.meetings.overview(meetingId);
  }

  async yearlyRule(communityId: string): Promise<YearlyRuleView | undefined> {
    const community = (await this.communities.listVisible()).find((c) => c.id === communityId);
    if (!community) return undefined;
    const { last } = await this.meetings.inPersonAround(communityId, this.clock.now());
    return { community: { name: community.name, slug: community.slug }, lastInPerson: last };
  }
}
