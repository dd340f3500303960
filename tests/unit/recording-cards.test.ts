import * as AC from 'adaptivecards';
import { recordingProblemText } from '../../src/bot/refusal-messages';
import { recordingCandidateCard } from '../../src/cards/recording-candidate-cards';
import { recordingFormCard } from '../../src/cards/recording-form-cards';
import type { AdaptiveCardJson } from '../../src/cards/render-card';
import type { MeetingOverview, MeetingRecord } from '../../src/domain/meetings/meeting';
import type { RecordingCandidate } from '../../src/domain/recordings/recording-candidates';
import { translatorFor } from '../../src/i18n/translator';
import { cardActions, cardText, inputsOf } from '../support/fake-bot-connector';

const fr = translatorFor('fr-CA');
const en = translatorFor('en');

// Tuesday 16 March 2027, 9:00–13:00 in Montréal (daylight time began on the 14th).
const MEETING: MeetingRecord = {
  id: '12',
  communityId: '7',
  tenantId: 't',
  category: 'official',
  format: 'hybrid',
  title: 'Rencontre annuelle',
  agenda: 'Bilan de l’année et ateliers.',
  location: 'Cœur des sciences',
  startsAt: new Date('2027-03-16T13:00:00Z'),
  endsAt: new Date('2027-03-16T17:00:00Z'),
  lunchProvided: true,
  capacity: 40,
  status: 'scheduled',
  version: 3,
  onlineStatus: 'created',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  calendarOwner: null,
  calendarEventId: null,
  speakers: [{ name: 'Ada Lovelace', role: 'mathématicienne', organisation: 'Analytical Society', email: undefined }],
  createdBy: 'o',
  cancelledAt: null,
};

const overview = (meeting: Partial<MeetingRecord> = {}): MeetingOverview => ({
  meeting: { ...MEETING, ...meeting },
  communityName: { fr: 'Infonuagique', en: 'Cloud' },
  communitySlug: 'infonuagique',
  timeZone: 'America/Toronto',
  counts: { confirmed: 12, waitlisted: 2, online: 8, declined: 1, lunches: 10, seatsLeft: 28 },
});

const CANDIDATE: RecordingCandidate = {
  graphRecordingId: 'rec-1',
  onlineMeetingId: 'MSo1',
  meetingId: '12',
  contentUrl: undefined,
  createdAt: new Date('2027-03-16T13:00:00Z'),
  endedAt: new Date('2027-03-16T17:00:00Z'),
  expiresAt: new Date('2027-05-15T17:00:00Z'),
  status: 'proposed',
  foundAt: new Date('2027-03-16T18:00:00Z'),
};

function validate(card: AdaptiveCardJson): { events: (string | undefined)[]; validation: string[] } {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  return {
    events: Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)?.message),
    validation: parsed.validateProperties().validationEvents.map((e) => e.message),
  };
}

describe('recording cards', () => {
  it('the proposal in both languages: meeting, community, expiry, and Publier / Publish carrying which recording', () => {
    const french = recordingCandidateCard({ candidate: CANDIDATE, overview: overview() }, 'fr-CA', fr);
    const english = recordingCandidateCard({ candidate: CANDIDATE, overview: overview() }, 'en', en);
    expect(validate(french).validation).toEqual([]);
    expect(cardText(french)).toContain('Un enregistrement est disponible');
    expect(cardText(french)).toContain('Infonuagique');
    expect(cardText(french)).toMatch(/supprimera cet enregistrement le .*15 mai 2027/);
    expect(cardText(english)).toMatch(/delete this recording on .*May 15, 2027/);
    expect(cardText(english)).toContain('Cloud');
    const [publish] = cardActions(french).filter((a) => a.type === 'Action.Execute');
    expect(publish).toMatchObject({ title: 'Publier', verb: 'recording.publish', data: { community: 'infonuagique', meeting: '12', recording: 'rec-1', lang: 'fr-CA' } });
    expect(cardActions(english).find((a) => a.type === 'Action.Execute')?.title).toBe('Publish');
    // No expiry known: no line about it.
    expect(cardText(recordingCandidateCard({ candidate: { ...CANDIDATE, expiresAt: undefined }, overview: overview() }, 'fr-CA', fr))).not.toMatch(/supprimera/);
  });

  it('a title with Markdown or HTML shows as typed on the proposal', () => {
    const card = recordingCandidateCard({ candidate: CANDIDATE, overview: overview({ title: '<script>x</script> [lien](https://evil)' }) }, 'fr-CA', fr);
    const texts = JSON.stringify(card);
    expect(texts).not.toContain('[lien](https://evil)');
    expect(cardText(card)).toContain(String.raw`\<script\>`);
  });

  it('the form: every field, what was typed kept, each problem under its own field', () => {
    const card = recordingFormCard(
      {
        communitySlug: 'infonuagique',
        communityName: 'Infonuagique',
        timeZone: 'America/Toronto',
        values: { title: 'Titre', url: 'http://x', visibility: 'public' },
        meetings: [{ meetingId: '12', title: 'Rencontre annuelle', startsAt: new Date('2027-03-16T13:00:00Z') }],
        problems: [
          { field: 'url', code: 'invalid_url' },
          { field: 'recordedOn', code: 'required' },
        ],
        graphRecordingId: 'rec-1',
      },
      'fr-CA',
      fr,
      (p) => recordingProblemText(p, fr),
    );
    expect(validate(card).validation).toEqual([]);
    const inputs = inputsOf(card);
    expect([...inputs.keys()]).toEqual(['meeting', 'title', 'speakers', 'description', 'url', 'recordedOn', 'visibility']);
    expect(inputs.get('url')?.value).toBe('http://x');
    expect(inputs.get('meeting')?.choices?.[0]).toMatchObject({ value: '12' });
    const body = (card as unknown as { body: { id?: string; text?: string }[] }).body;
    const at = (id: string) => body.findIndex((b) => b.id === id);
    expect(body[at('url') + 1]?.text).toContain('https://');
    expect(body[at('recordedOn') + 1]?.text).toContain('obligatoire');
    expect(body[at('title') + 1]?.id).toBe('speakers');
    expect(cardActions(card).find((a) => a.type === 'Action.Execute')).toMatchObject({ verb: 'recording.submit', data: { community: 'infonuagique', recording: 'rec-1' } });
  });
});
