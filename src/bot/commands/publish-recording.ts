import { findForOrganiser } from '../../application/community-administration';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { meetingRefusal } from '../meeting-replies';
import { recordingFormReply } from '../recording-replies';

/** "publier-enregistrement <communauté>": the publish form, for the community's organisers; visibility defaults to public. */
export const publishRecordingCommand: CommandHandler = async ({ identity, locale, t, argument, recordings }) => {
  const example = t('commands.publishRecording.usage');
  if (argument.trim() === '') return { text: t('meetingReplies.scheduleUsage', { example }) };
  const found = await findForOrganiser(recordings.administration, actorOf(identity), { query: argument }, 'recording');
  if (!found.ok) return meetingRefusal(found.refusal, locale, t, example);
  return recordingFormReply(recordings, found.value, { visibility: 'public' }, [], locale, t);
};
