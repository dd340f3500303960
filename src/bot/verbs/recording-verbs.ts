import { z } from 'zod';
import { findForOrganiser } from '../../application/community-administration';
import { publishFoundRecording } from '../../application/recording-publication';
import { pick } from '../../domain/model';
import type { RecordingField } from '../../domain/recordings/recording-form';
import { recordingPublishedText } from '../../cards/recording-form-cards';
import { actorOf } from '../community-administration-replies';
import { recordingFormReply } from '../recording-replies';
import { refusalMessage } from '../refusal-messages';
import type { VerbContext, VerbHandler, VerbResult } from './verb-context';

const text = (max: number) => z.string().max(max).optional().default('');
/** The form's inputs as the card sends them (checked again, field by field, by the use case). */
const recordingFormInputs = z.object({
  meeting: z.union([z.literal(''), z.string().regex(/^\d{1,18}$/)]).optional().default(''),
  title: text(1000),
  speakers: text(5000),
  description: text(10000),
  url: text(5000),
  recordedOn: text(40),
  visibility: text(40),
  recording: z.string().min(1).max(1000).optional(),
});

function refused(ctx: VerbContext, refusal: Parameters<typeof refusalMessage>[0]): VerbResult {
  return { message: refusalMessage(refusal, ctx.locale, ctx.t, ctx.t('commands.publishRecording.usage')), status: 403 };
}

/** The form's Publier / Publish: publishRecording; the form again with each problem under its field, or the confirmation. */
export const submitRecordingVerb: VerbHandler = async (ctx) => {
  const inputs = recordingFormInputs.safeParse(ctx.inputs);
  if (!inputs.success || !ctx.data.community) return { message: ctx.t('errors.badAction'), status: 400 };
  const actor = actorOf(ctx.identity);
  const found = await findForOrganiser(ctx.recordings.administration, actor, { slug: ctx.data.community }, 'recording');
  if (!found.ok) return refused(ctx, found.refusal);
  const { meeting, recording, ...draft } = inputs.data;
  const result = await publishFoundRecording(ctx.recordings, actor, {
    community: { slug: found.value.slug },
    meetingId: meeting === '' ? undefined : meeting,
    ...draft,
    graphRecordingId: recording,
  });
  if (result.ok) return { message: recordingPublishedText(result.value.title, pick(found.value.name, ctx.locale), ctx.t) };
  if (result.refusal.code === 'invalid_recording_form') {
    const values: Partial<Record<RecordingField, string>> = { ...draft, meeting };
    const reply = await recordingFormReply(ctx.recordings, found.value, values, result.refusal.problems, ctx.locale, ctx.t, recording);
    return reply.card ? { card: reply.card } : { message: ctx.t('errors.badAction') };
  }
  return { message: refusalMessage(result.refusal, ctx.locale, ctx.t, ''), status: 400 };
};

/** A proposal's Publier / Publish: the form prefilled from the Teams recording (its meeting, title and date). */
export const openFoundRecordingVerb: VerbHandler = async (ctx) => {
  const recording = z.string().min(1).max(1000).safeParse(ctx.inputs.recording);
  if (!recording.success || !ctx.data.community) return { message: ctx.t('errors.badAction'), status: 400 };
  const found = await findForOrganiser(ctx.recordings.administration, actorOf(ctx.identity), { slug: ctx.data.community }, 'recording');
  if (!found.ok) return refused(ctx, found.refusal);
  const candidate = await ctx.recordings.candidates.find(recording.data);
  const meeting = candidate ? await ctx.recordings.meetings.find(candidate.meetingId) : undefined;
  if (!candidate || !meeting || meeting.communityId !== found.value.id) return { message: ctx.t('errors.badAction'), status: 404 };
  if (candidate.status === 'published') return { message: ctx.t('refusals.recording_already_published', { title: meeting.title }) };
  const recordedOn = candidate.createdAt.toLocaleDateString('en-CA', { timeZone: found.value.timeZone });
  const values: Partial<Record<RecordingField, string>> = { meeting: meeting.id, title: meeting.title, recordedOn, visibility: 'public', speakers: meeting.speakers.map((s) => s.name).join(', ') };
  const reply = await recordingFormReply(ctx.recordings, found.value, values, [], ctx.locale, ctx.t, candidate.graphRecordingId);
  return reply.card ? { card: reply.card } : { message: ctx.t('errors.badAction') };
};
