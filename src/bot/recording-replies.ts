import type { RecordingPublicationDeps } from '../application/recording-publication';
import { recordingFormCard } from '../cards/recording-form-cards';
import type { CommunityWithCounts, Locale } from '../domain/model';
import { pick } from '../domain/model';
import type { RecordingField, RecordingProblem } from '../domain/recordings/recording-form';
import type { Translate } from '../i18n/translator';
import type { Reply } from './command-context';
import { recordingProblemText } from './refusal-messages';

/** How many of the community's past meetings the form offers. */
const MEETING_CHOICES = 25;

/** The publish form for a community, with what was typed (or prefilled), and each problem under its field. */
export async function recordingFormReply(
  deps: RecordingPublicationDeps,
  community: CommunityWithCounts,
  values: Partial<Record<RecordingField, string>>,
  problems: readonly RecordingProblem[],
  locale: Locale,
  t: Translate,
  graphRecordingId?: string,
): Promise<Reply> {
  const meetings = await deps.candidates.pastMeetings(community.id, deps.administration.clock.now(), MEETING_CHOICES);
  const card = recordingFormCard(
    { communitySlug: community.slug, communityName: pick(community.name, locale), timeZone: community.timeZone, values, meetings, problems, graphRecordingId },
    locale,
    t,
    (p) => recordingProblemText(p, t),
  );
  return { card };
}
