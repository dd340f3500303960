import { scheduleMeeting } from '../../application/meetings';
import { findForOrganiser } from '../../application/community-administration';
import { draftFromOneLine, officialDraft } from '../../domain/meetings/meeting-form';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { defaultTitle, meetingFormReply, meetingRefusal, scheduleReply } from '../meeting-replies';

/**
 * "planifier <communauté>": the form card with the seed's defaults for an official meeting. With a date
 * ("planifier finops 12 mars 2027 9 h — Titre"), the one-line form: scheduled at once when everything
 * holds, else the form comes back filled in with each problem under its field.
 */
export const scheduleCommand: CommandHandler = async ({ identity, locale, t, argument, meetings }) => {
  const example = t('commands.schedule.usage');
  if (argument.trim() === '') return { text: t('meetingReplies.scheduleUsage', { example }) };
  const actor = actorOf(identity);
  const now = meetings.clock.now();
  const line = draftFromOneLine(argument, { zone: meetings.administration.defaultTimeZone, now, locale });
  const noDate = line.problems.some((p) => p.code === 'unparsed_when');
  const query = noDate ? argument : line.communityQuery;
  const found = await findForOrganiser(meetings.administration, actor, { query }, 'schedule');
  if (!found.ok) return meetingRefusal(found.refusal, locale, t, example);
  const community = found.value;
  if (noDate) return meetingFormReply(community, officialDraft(), [], locale, t);
  // Dates are read again in the community's own zone (the first reading used the app's default).
  const inZone = draftFromOneLine(argument, { zone: community.timeZone, now, locale });
  const draft = defaultTitle(inZone.draft, community, locale, t);
  if (inZone.problems.length > 0) return meetingFormReply(community, draft, inZone.problems, locale, t);
  return scheduleReply(await scheduleMeeting(meetings, actor, { slug: community.slug }, draft), community, draft, locale, t, example);
};
