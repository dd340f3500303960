import type { Locale } from '../domain/model';
import type { RecordingCandidateView } from '../domain/recordings/recording-candidate-view';
import type { Translate } from '../i18n/translator';
import { formatDay } from './date-format';
import { communityLabel, meetingTitle, meetingWhen } from './meeting-facts';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard } from './render-card';

/**
 * A recording Teams made of one of the app's meetings, proposed to an organiser: the meeting, its
 * community, when Teams will delete it (the tenant's expiry, when known), and "Publier" / "Publish",
 * which opens the publish form prefilled (verb recording.publish).
 */
export function recordingCandidateCard(view: RecordingCandidateView, locale: Locale, t: Translate): AdaptiveCardJson {
  const { overview, candidate } = view;
  const title = meetingTitle(overview);
  const community = communityLabel(overview, locale);
  return renderCard('recordingCandidate', {
    lang: locale,
    title: t('recordings.candidate.title'),
    text: t('recordings.candidate.text', { title, community }),
    facts: [
      { title: t('recordings.candidate.meeting'), value: title },
      { title: t('recordings.candidate.when'), value: plainText(meetingWhen(overview, locale, t)) },
      { title: t('recordings.candidate.community'), value: community },
    ],
    expiry: candidate.expiresAt ? t('recordings.candidate.expiry', { date: formatDay(candidate.expiresAt, overview.timeZone, locale) }) : '',
    publish: t('recordings.candidate.publish'),
    community: overview.communitySlug,
    meeting: overview.meeting.id,
    recording: candidate.graphRecordingId,
  });
}
