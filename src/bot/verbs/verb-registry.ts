import { archiveVerb, cancelArchiveVerb } from './archive-verbs';
import { createCommunityVerb } from './community-form-verbs';
import { interestVerb, joinVerb, leaveVerb } from './membership-verbs';
import { savePreferencesVerb } from './preference-verbs';
import { answerMeetingVerb, attendanceVerb, bilanPageVerb, cancelMeetingVerb, keepMeetingVerb, meetingFormKindVerb, openMeetingVerb, scheduleMeetingVerb } from './meeting-verbs';
import { openFoundRecordingVerb, submitRecordingVerb } from './recording-verbs';
import type { VerbHandler } from './verb-context';
import { helpVerb, infoVerb, listVerb, mineVerb } from './view-verbs';

/** Card verbs (Action.Execute `verb`) and their handlers. */
export const VERBS: ReadonlyMap<string, VerbHandler> = new Map([
  ['community.join', joinVerb],
  ['community.leave', leaveVerb],
  ['community.interest', interestVerb],
  ['community.info', infoVerb],
  ['community.list', listVerb],
  ['community.mine', mineVerb],
  ['community.create', createCommunityVerb],
  ['community.archive', archiveVerb],
  ['community.archive.cancel', cancelArchiveVerb],
  ['help', helpVerb],
  ['preferences.save', savePreferencesVerb],
  ['meeting.schedule', scheduleMeetingVerb],
  ['meeting.formKind', meetingFormKindVerb],
  ['meeting.answer', answerMeetingVerb],
  ['meeting.open', openMeetingVerb],
  ['meeting.refresh', openMeetingVerb],
  ['meeting.attendance', attendanceVerb],
  ['meeting.bilan', bilanPageVerb],
  ['meeting.cancel', cancelMeetingVerb],
  ['meeting.cancel.keep', keepMeetingVerb],
  ['recording.submit', submitRecordingVerb],
  ['recording.publish', openFoundRecordingVerb],
]);
