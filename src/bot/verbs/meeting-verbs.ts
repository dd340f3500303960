import { z } from 'zod';
import { cancelMeeting, markAttendance, meetingSummary } from '../../application/meeting-changes';
import { meetingForOrganiser, scheduleMeeting } from '../../application/meetings';
import { findForOrganiser } from '../../application/community-administration';
import { answerMeeting, meetingCardFor } from '../../application/rsvp';
import { meetingBilanCard } from '../../cards/meeting-bilan-cards';
import { cancelOutcomeCard } from '../../cards/meeting-cancel-cards';
import { meetingNumber } from '../../cards/meeting-list-cards';
import { meetingChangedCard } from '../../cards/meeting-notice-cards';
import { rsvpCard } from '../../cards/rsvp-cards';
import type { MeetingDraft } from '../../domain/meetings/meeting-draft';
import { switchCategory } from '../../domain/meetings/meeting-form';
import { actorOf } from '../community-administration-replies';
import { meetingFormReply, scheduleReply } from '../meeting-replies';
import { refusalMessage } from '../refusal-messages';
import type { VerbContext, VerbHandler, VerbResult } from './verb-context';
import type { Refusal } from '../../domain/refusals';

/** Far above what the form's inputs accept (maxLength): anything longer did not come from our card. */
const MAX_INPUT = 10_000;
const text = z.string().max(MAX_INPUT).default('');
const toggle = z
  .union([z.boolean(), z.string().max(10)])
  .optional()
  .transform((v) => v === true || v === 'true');

/** The inputs of the schedule form; nothing else the data claims is read. */
const meetingFormInputs = z.object({
  category: z.enum(['official', 'activity']).default('official'),
  format: z.enum(['in_person', 'online', 'hybrid']).default('in_person'),
  title: text,
  agenda: text,
  location: text,
  date: text,
  start: text,
  end: text,
  lunchProvided: toggle,
  capacity: text,
  speakers: text,
  inviteSpeakersAsGuests: toggle,
}) satisfies z.ZodType<MeetingDraft, unknown>;

const rsvpInputs = z.object({ lunch: toggle, dietary: z.string().max(MAX_INPUT).default(''), dietaryChoices: z.string().max(1000).default('') });
/** The ticked people, and the page's people (the card's own list of ids: only they change). */
const attendanceInputs = z.object({ attended: z.string().max(100_000).default(''), shown: z.string().max(100_000).optional() });
const idList = (text: string): string[] => text.split(',').map((id) => id.trim()).filter((id) => id !== '');

function refused(ctx: VerbContext, refusal: Refusal): VerbResult {
  const status = refusal.code === 'not_organiser' || refusal.code === 'not_member' ? 403 : refusal.code === 'meeting_not_found' ? 404 : 400;
  return { message: refusalMessage(refusal, ctx.locale, ctx.t, ''), status };
}

/** "Planifier" on the form: the meeting's card, or the form again with each problem under its field. */
export const scheduleMeetingVerb: VerbHandler = async (ctx) => {
  const inputs = meetingFormInputs.safeParse(ctx.inputs);
  if (!inputs.success || !ctx.data.community) return { message: ctx.t('errors.badAction'), status: 400 };
  const actor = actorOf(ctx.identity);
  const found = await findForOrganiser(ctx.meetings.administration, actor, { slug: ctx.data.community }, 'schedule');
  if (!found.ok) return refused(ctx, found.refusal);
  const reply = scheduleReply(await scheduleMeeting(ctx.meetings, actor, { slug: ctx.data.community }, inputs.data), found.value, inputs.data, ctx.locale, ctx.t, '');
  return reply.card ? { card: reply.card } : { message: reply.text ?? ctx.t('errors.badAction') };
};

/** The kind switched on the form: the form again with that kind's defaults, what was typed kept. */
export const meetingFormKindVerb: VerbHandler = async (ctx) => {
  const inputs = meetingFormInputs.safeParse(ctx.inputs);
  if (!inputs.success || !ctx.data.community) return { message: ctx.t('errors.badAction'), status: 400 };
  const found = await findForOrganiser(ctx.meetings.administration, actorOf(ctx.identity), { slug: ctx.data.community }, 'schedule');
  if (!found.ok) return refused(ctx, found.refusal);
  const reply = meetingFormReply(found.value, switchCategory(inputs.data, inputs.data.category), [], ctx.locale, ctx.t);
  return reply.card ? { card: reply.card } : { message: ctx.t('errors.badAction') };
};

/** In person / online / cannot come: the person is the one Teams says clicked; the card's data only says which meeting and version. */
export const answerMeetingVerb: VerbHandler = async (ctx) => {
  const inputs = rsvpInputs.safeParse(ctx.inputs);
  const { meeting, version, answer } = ctx.data;
  if (!inputs.success || !meeting || version === undefined || !answer) return { message: ctx.t('errors.badAction'), status: 400 };
  const dietary = [...inputs.data.dietaryChoices.split(',').map((c) => c.trim()).filter((c) => c !== ''), inputs.data.dietary.trim()].filter((c) => c !== '').join(', ');
  const result = await answerMeeting(ctx.rsvp, actorOf(ctx.identity), { meetingId: meeting, version, answer, lunch: inputs.data.lunch, dietary });
  if (!result.ok) return refused(ctx, result.refusal);
  return { card: rsvpCard({ ...result.value.view, ...(result.value.notice ? { notice: result.value.notice } : {}) }, ctx.locale, ctx.t) };
};

/** The member's own card, from the channel's summary ("Répondre") or a refresh. */
export const openMeetingVerb: VerbHandler = async (ctx) => {
  if (!ctx.data.meeting) return { message: ctx.t('errors.badAction'), status: 400 };
  const result = await meetingCardFor(ctx.rsvp, actorOf(ctx.identity), ctx.data.meeting);
  if (!result.ok) return refused(ctx, result.refusal);
  return { card: rsvpCard(result.value, ctx.locale, ctx.t) };
};

/** Who attended, from the summary card: the summary again, with the marks. */
export const attendanceVerb: VerbHandler = async (ctx) => {
  const inputs = attendanceInputs.safeParse(ctx.inputs);
  if (!inputs.success || !ctx.data.meeting) return { message: ctx.t('errors.badAction'), status: 400 };
  const actor = actorOf(ctx.identity);
  const shown = inputs.data.shown === undefined ? undefined : idList(inputs.data.shown);
  const marked = await markAttendance(ctx.meetings, actor, ctx.data.meeting, idList(inputs.data.attended), shown);
  if (!marked.ok) return refused(ctx, marked.refusal);
  return bilanCard(ctx, ctx.data.meeting, ctx.data.page);
};

/** Another page of the summary's attendance list ("Personnes suivantes"). */
export const bilanPageVerb: VerbHandler = async (ctx) => {
  if (!ctx.data.meeting) return { message: ctx.t('errors.badAction'), status: 400 };
  return bilanCard(ctx, ctx.data.meeting, ctx.data.page);
};

async function bilanCard(ctx: VerbContext, meetingId: string, page: number | undefined): Promise<VerbResult> {
  const summary = await meetingSummary(ctx.meetings, actorOf(ctx.identity), meetingId);
  if (!summary.ok) return refused(ctx, summary.refusal);
  return { card: meetingBilanCard(summary.value.summary, { csvUrl: summary.value.csvUrl, now: ctx.meetings.clock.now(), page }, ctx.locale, ctx.t) };
}

/**
 * "Annuler la rencontre" on the confirmation card: the meeting comes from the card, the right to cancel it is
 * checked again for whoever Teams says clicked (the card may have been forwarded, or their role changed).
 * A second click finds it already cancelled and says so.
 */
export const cancelMeetingVerb: VerbHandler = async (ctx) => {
  if (!ctx.data.meeting) return { message: ctx.t('errors.badAction'), status: 400 };
  const result = await cancelMeeting(ctx.meetings, actorOf(ctx.identity), ctx.data.meeting);
  if (!result.ok) {
    if (result.refusal.code === 'not_organiser' || result.refusal.code === 'meeting_not_found') return refused(ctx, result.refusal);
    const overview = await ctx.meetings.meetings.overview(ctx.data.meeting);
    return { card: cancelOutcomeCard(overview, { problem: refusalMessage(result.refusal, ctx.locale, ctx.t, '') }, ctx.locale) };
  }
  return { card: meetingChangedCard('cancelled', result.value.overview, result.value.told, ctx.locale, ctx.t) };
};

/** "La garder": nothing changes; the card says so, naming the meeting when the person may see it. */
export const keepMeetingVerb: VerbHandler = async (ctx) => {
  const id = ctx.data.meeting;
  const found = id ? await meetingForOrganiser(ctx.meetings, actorOf(ctx.identity), id) : undefined;
  const overview = found?.ok ? await ctx.meetings.meetings.overview(found.value.meeting.id) : undefined;
  const notice = overview ? ctx.t('meetings.cancelling.kept', { number: meetingNumber(overview, ctx.t) }) : ctx.t('meetings.cancelling.keptUnknown');
  return { card: cancelOutcomeCard(overview, { notice }, ctx.locale) };
};
