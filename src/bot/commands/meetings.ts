import { upcomingMeetings } from '../../application/meetings';
import { meetingListCard } from '../../cards/meeting-list-cards';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { meetingRefusal } from '../meeting-replies';

/** "rencontres [communauté]": the meetings ahead, of one community or of all. */
export const meetingsCommand: CommandHandler = async ({ identity, locale, t, argument, meetings }) => {
  const query = argument.trim();
  const result = await upcomingMeetings(meetings, actorOf(identity), query === '' ? undefined : { query });
  if (!result.ok) return meetingRefusal(result.refusal, locale, t, t('commands.meetings.usage'));
  const { community, meetings: items, organiser } = result.value;
  return { card: meetingListCard(items, community ? pick(community.name, locale) : undefined, locale, t, { organiser }) };
};
