import { meetingSummary, moveMeeting, previewCancel, setCapacity, setJoinLink } from '../../application/meeting-changes';
import { cancelConfirmationCard } from '../../cards/meeting-cancel-cards';
import { meetingBilanCard } from '../../cards/meeting-bilan-cards';
import { meetingChangedCard } from '../../cards/meeting-notice-cards';
import { parseMeetingReference } from '../../domain/meetings/meeting-entries';
import type { CommandContext, CommandHandler, Reply } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { meetingRefusal } from '../meeting-replies';

type Usage = 'move' | 'cancel' | 'summary' | 'link' | 'capacity';

/** The meeting's number first, then the rest; the usage line when there is no number. */
async function withMeeting(ctx: CommandContext, usage: Usage, needsRest: boolean, act: (id: string, rest: string) => Promise<Reply>): Promise<Reply> {
  const reference = parseMeetingReference(ctx.argument);
  if (!reference || (needsRest && reference.rest === '')) return { text: ctx.t('meetingReplies.usage', { example: ctx.t(`commands.${usage}.usage`) }) };
  return act(reference.id, reference.rest);
}

/** "déplacer <n> <quand>" */
export const moveMeetingCommand: CommandHandler = (ctx) =>
  withMeeting(ctx, 'move', true, async (id, when) => {
    const result = await moveMeeting(ctx.meetings, actorOf(ctx.identity), id, when, ctx.locale);
    if (!result.ok) return meetingRefusal(result.refusal, ctx.locale, ctx.t, ctx.t('commands.move.usage'));
    return { card: meetingChangedCard('moved', result.value.overview, result.value.told, ctx.locale, ctx.t) };
  });

/** "annuler <n>" cancels nothing yet: it shows the meeting the number matched and who would be told, to confirm on the card. */
export const cancelMeetingCommand: CommandHandler = (ctx) =>
  withMeeting(ctx, 'cancel', false, async (id) => {
    const preview = await previewCancel(ctx.meetings, actorOf(ctx.identity), id);
    if (!preview.ok) return meetingRefusal(preview.refusal, ctx.locale, ctx.t, ctx.t('commands.cancel.usage'));
    return { card: cancelConfirmationCard(preview.value, ctx.locale, ctx.t) };
  });

/** "bilan <n>" */
export const meetingSummaryCommand: CommandHandler = (ctx) =>
  withMeeting(ctx, 'summary', false, async (id) => {
    const result = await meetingSummary(ctx.meetings, actorOf(ctx.identity), id);
    if (!result.ok) return meetingRefusal(result.refusal, ctx.locale, ctx.t, ctx.t('commands.summary.usage'));
    return { card: meetingBilanCard(result.value.summary, { csvUrl: result.value.csvUrl, now: ctx.meetings.clock.now() }, ctx.locale, ctx.t) };
  });

/** "lien <n> <url>" */
export const meetingLinkCommand: CommandHandler = (ctx) =>
  withMeeting(ctx, 'link', true, async (id, url) => {
    const result = await setJoinLink(ctx.meetings, actorOf(ctx.identity), id, url);
    if (!result.ok) return meetingRefusal(result.refusal, ctx.locale, ctx.t, ctx.t('commands.link.usage'));
    return { text: ctx.t('meetingReplies.linkSet', { number: id, count: result.value.told }) };
  });

/** "places <n> <nombre | aucune>" */
export const meetingCapacityCommand: CommandHandler = (ctx) =>
  withMeeting(ctx, 'capacity', true, async (id, value) => {
    const result = await setCapacity(ctx.meetings, actorOf(ctx.identity), id, value);
    if (!result.ok) return meetingRefusal(result.refusal, ctx.locale, ctx.t, ctx.t('commands.capacity.usage'));
    const capacity = result.value.overview.meeting.capacity;
    return {
      text: ctx.t(capacity === null ? 'meetingReplies.capacityNone' : 'meetingReplies.capacitySet', { number: id, capacity: capacity ?? 0, count: result.value.promoted }),
    };
  });
