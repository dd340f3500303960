import * as AC from 'adaptivecards';
import { formatMeetingWhen, formatShortWhen } from '../../src/cards/date-format';
import { ATTENDANCE_PAGE, meetingBilanCard } from '../../src/cards/meeting-bilan-cards';
import { cancelConfirmationCard, cancelOutcomeCard } from '../../src/cards/meeting-cancel-cards';
import { meetingFormCard } from '../../src/cards/meeting-form-cards';
import { meetingListCard } from '../../src/cards/meeting-list-cards';
import { meetingChangedCard, meetingNoticeCard, scheduledCard, yearlyRuleCard } from '../../src/cards/meeting-notice-cards';
import { channelSummaryCard } from '../../src/cards/meeting-summary-cards';
import { plainText } from '../../src/cards/plain-text';
import type { AdaptiveCardJson } from '../../src/cards/render-card';
import { type RsvpCardView, rsvpCard } from '../../src/cards/rsvp-cards';
import type { MeetingOverview, MeetingRecord, MeetingSummary, Registration } from '../../src/domain/meetings/meeting';
import type { MeetingDraft } from '../../src/domain/meetings/meeting-draft';
import type { Locale } from '../../src/domain/model';
import { translatorFor } from '../../src/i18n/translator';
import { cardActions, cardText } from '../support/fake-bot-connector';

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

const registration = (id: string, answer: Registration['answer'], extra: Partial<Registration> = {}): Registration => ({
  meetingId: '12',
  user: { tenantId: 't', aadObjectId: id },
  displayName: `Personne ${id}`,
  answer,
  seat: answer === 'in_person' ? 'confirmed' : null,
  waitlistRank: null,
  lunch: answer === 'in_person' ? true : null,
  dietary: null,
  attended: null,
  answeredAt: new Date('2027-03-01T12:00:00Z'),
  ...extra,
});

const DRAFT: MeetingDraft = {
  category: 'official',
  format: 'in_person',
  title: 'Rencontre annuelle',
  agenda: '',
  location: 'Cœur des sciences',
  date: '2027-03-16',
  start: '09:00',
  end: '13:00',
  lunchProvided: true,
  capacity: '',
  speakers: '',
  inviteSpeakersAsGuests: false,
};

const SUMMARY: MeetingSummary = {
  overview: overview(),
  confirmed: [registration('a', 'in_person'), registration('b', 'in_person', { dietary: 'végane' })],
  waitlist: [registration('w1', 'in_person', { seat: 'waitlisted', waitlistRank: 1 }), registration('w2', 'in_person', { seat: 'waitlisted', waitlistRank: 2 })],
  online: [registration('o', 'online')],
  declined: [registration('d', 'declined')],
  lunchCount: 2,
  dietaryNeeds: [{ name: 'Personne b', needs: 'végane' }],
  dietaryPurged: false,
  attendanceMarked: false,
};

const rsvp = (view: Partial<RsvpCardView> = {}, locale: Locale = 'fr-CA') =>
  rsvpCard({ overview: overview(), registration: undefined, calendarUrl: 'https://app.example/ics/12', ...view }, locale, translatorFor(locale));

function cardsFor(locale: Locale): [string, AdaptiveCardJson][] {
  const t = translatorFor(locale);
  const view: RsvpCardView = { overview: overview(), registration: registration('me', 'in_person'), calendarUrl: 'https://app.example/ics/12' };
  return [
    ['empty form', meetingFormCard({ communitySlug: 'infonuagique', communityName: 'Infonuagique', draft: DRAFT, problems: [], timeZone: 'America/Toronto' }, locale, t)],
    [
      'form with problems',
      meetingFormCard(
        { communitySlug: 'infonuagique', communityName: 'Infonuagique', draft: { ...DRAFT, title: '' }, problems: [{ field: 'title', code: 'required' }, { field: 'speakers', code: 'invalid_speaker', detail: 'Ada;;' }], timeZone: 'America/Toronto' },
        locale,
        t,
      ),
    ],
    ['rsvp unanswered', rsvp({}, locale)],
    ['rsvp confirmed', rsvp({ registration: registration('me', 'in_person', { dietary: 'sans gluten' }), notice: 'saved' }, locale)],
    ['rsvp waitlisted', rsvp({ registration: registration('me', 'in_person', { seat: 'waitlisted', waitlistRank: 3 }), notice: 'waitlisted' }, locale)],
    ['rsvp online-only', rsvp({ overview: overview({ format: 'online', location: null, lunchProvided: false, capacity: null }) }, locale)],
    ['rsvp in-person-only', rsvp({ overview: overview({ format: 'in_person', joinUrl: null }) }, locale)],
    ['rsvp cancelled', rsvp({ overview: overview({ status: 'cancelled' }), registration: registration('me', 'in_person'), notice: 'cancelled' }, locale)],
    ['rsvp past', rsvp({ registration: registration('me', 'online'), now: new Date('2027-03-16T18:00:00Z') }, locale)],
    ['channel summary', channelSummaryCard(overview(), locale, t)],
    ['channel summary cancelled', channelSummaryCard(overview({ status: 'cancelled' }), locale, t)],
    ['list', meetingListCard([overview(), overview({ id: '13', format: 'online', location: null })], 'Infonuagique', locale, t, { organiser: true })],
    ['empty list', meetingListCard([], undefined, locale, t, { organiser: false })],
    ['bilan before', meetingBilanCard(SUMMARY, { csvUrl: 'https://app.example/csv/12', now: new Date('2027-03-10T12:00:00Z') }, locale, t)],
    ['bilan after', meetingBilanCard(SUMMARY, { csvUrl: undefined, now: new Date('2027-03-16T14:00:00Z') }, locale, t)],
    ...(['moved', 'cancelled', 'promoted', 'reminder', 'link_added', 'invited_again'] as const).map((kind): [string, AdaptiveCardJson] => [
      `notice ${kind}`,
      meetingNoticeCard(kind, { ...view, overview: overview(kind === 'cancelled' ? { status: 'cancelled' } : {}), reminderOffset: '7d' }, locale, t),
    ]),
    ...(['pending', 'created', 'not_permitted', 'none'] as const).map((onlineStatus): [string, AdaptiveCardJson] => [`scheduled ${onlineStatus}`, scheduledCard(overview({ onlineStatus }), { invited: 25, onlineStatus }, locale, t)]),
    ['yearly rule', yearlyRuleCard({ name: 'Infonuagique', slug: 'infonuagique' }, new Date('2025-11-04T15:00:00Z'), locale, t)],
    ['yearly rule never', yearlyRuleCard({ name: 'Infonuagique', slug: 'infonuagique' }, undefined, locale, t)],
    ['changed moved', meetingChangedCard('moved', overview(), 14, locale, t)],
    ['changed cancelled', meetingChangedCard('cancelled', overview({ status: 'cancelled' }), 14, locale, t)],
    ['cancel confirmation', cancelConfirmationCard({ overview: overview(), coming: 57 }, locale, t)],
    ['cancel confirmation nobody', cancelConfirmationCard({ overview: overview(), coming: 0 }, locale, t)],
    ['cancel kept', cancelOutcomeCard(overview(), { notice: t('meetings.cancelling.kept', { number: '12' }) }, locale)],
  ];
}

const WITHOUT_BUTTONS = new Set(['rsvp past', 'rsvp cancelled', 'channel summary cancelled', 'empty list', 'yearly rule', 'yearly rule never', 'changed cancelled', 'cancel kept']);

function validate(card: AdaptiveCardJson): { events: (string | undefined)[]; validation: string[] } {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  return {
    events: Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)?.message),
    validation: parsed.validateProperties().validationEvents.map((e) => e.message),
  };
}

/** The buttons a person sees (not the refresh action, nor the fallbacks for old clients, which sit inside the buttons). */
const buttons = (card: AdaptiveCardJson | undefined) => cardActions({ ...card, refresh: undefined }).filter((a) => a.type !== 'Action.Submit');
const executes = (card: AdaptiveCardJson | undefined) => buttons(card).filter((a) => a.type === 'Action.Execute');
const opens = (card: AdaptiveCardJson | undefined) => buttons(card).filter((a) => a.type === 'Action.OpenUrl') as unknown as { title: string; url: string }[];

function inputs(card: AdaptiveCardJson | undefined): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') found.set(o.id, o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card?.body);
  return found;
}

describe.each<Locale>(['fr-CA', 'en'])('meeting cards in %s', (locale) => {
  it.each(cardsFor(locale))('the %s card is a valid Adaptive Card 1.5 whose buttons carry the language', (name, card) => {
    expect(card.version).toBe('1.5');
    expect(validate(card)).toEqual({ events: [], validation: [] });
    expect(buttons(card).length > 0).toBe(!WITHOUT_BUTTONS.has(name));
    expect(cardActions(card).every((a) => a.title.length > 0)).toBe(true);
    expect(cardActions(card).filter((a) => a.type !== 'Action.OpenUrl').every((a) => a.data?.lang === locale)).toBe(true);
    // A key shown instead of words means a missing translation.
    expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data|undefined|meetings\.\w+\.\w/);
  });
});

describe('meeting dates', () => {
  const start = new Date('2027-03-16T13:00:00Z');
  const end = new Date('2027-03-16T17:00:00Z');

  it('are written in the issue\'s style, with the zone\'s generic name, in both languages', () => {
    expect(formatMeetingWhen(start, end, 'America/Toronto', 'fr-CA', fr)).toBe('le mardi 16 mars 2027, de 9 h à 13 h (heure de l’Est)');
    expect(formatMeetingWhen(start, end, 'America/Toronto', 'en', en)).toBe('Tuesday, March 16, 2027, from 9:00 a.m. to 1:00 p.m. (Eastern Time)');
  });

  it('show minutes only when there are some, and the first of the month as "1er"', () => {
    expect(formatMeetingWhen(new Date('2027-03-01T14:30:00Z'), new Date('2027-03-01T16:45:00Z'), 'America/Toronto', 'fr-CA', fr)).toBe('le lundi 1er mars 2027, de 9 h 30 à 11 h 45 (heure de l’Est)');
    expect(formatMeetingWhen(new Date('2027-03-01T14:30:00Z'), new Date('2027-03-01T16:45:00Z'), 'America/Toronto', 'en', en)).toBe('Monday, March 1, 2027, from 9:30 a.m. to 11:45 a.m. (Eastern Time)');
  });

  it('keep local hours and one zone name on both sides of a daylight-saving change', () => {
    // 9:00 is 14:00 UTC on Friday 12 March 2027 (standard time) and 13:00 UTC after the change on the 14th.
    const before = formatMeetingWhen(new Date('2027-03-12T14:00:00Z'), new Date('2027-03-12T18:00:00Z'), 'America/Toronto', 'fr-CA', fr);
    expect(before).toBe('le vendredi 12 mars 2027, de 9 h à 13 h (heure de l’Est)');
    expect(formatMeetingWhen(new Date('2027-03-13T14:00:00Z'), new Date('2027-03-14T17:00:00Z'), 'America/Toronto', 'fr-CA', fr)).toBe(
      'du samedi 13 mars 2027, 9 h, au dimanche 14 mars 2027, 13 h (heure de l’Est)',
    );
    expect(formatMeetingWhen(new Date('2027-03-13T14:00:00Z'), new Date('2027-03-14T17:00:00Z'), 'America/Toronto', 'en', en)).toBe(
      'from Saturday, March 13, 2027, 9:00 a.m., to Sunday, March 14, 2027, 1:00 p.m. (Eastern Time)',
    );
  });

  it('name a zone ICU has no words for by its IANA name', () => {
    expect(formatMeetingWhen(start, end, 'Etc/UTC', 'fr-CA', fr)).toBe('le mardi 16 mars 2027, de 13 h à 17 h (Etc/UTC)');
    expect(formatMeetingWhen(start, end, 'Not/AZone', 'en', en)).toContain('(Not/AZone)');
  });

  it('have a short form for lists', () => {
    expect(formatShortWhen(start, 'America/Toronto', 'fr-CA')).toBe('mar. 16 mars 2027, 9 h');
    expect(formatShortWhen(start, 'America/Toronto', 'en')).toBe('Tue, Mar 16, 2027, 9:00 a.m.');
  });
});

describe('the meeting form', () => {
  const cards = new Map(cardsFor('fr-CA'));

  it('has an input for every field of the draft, holding what was typed', () => {
    const found = inputs(cards.get('empty form'));
    expect([...found.keys()].sort()).toEqual(
      ['agenda', 'capacity', 'category', 'date', 'end', 'format', 'inviteSpeakersAsGuests', 'location', 'lunchProvided', 'speakers', 'start', 'title'].sort(),
    );
    expect(found.get('category')).toMatchObject({ type: 'Input.ChoiceSet', value: 'official' });
    expect((found.get('category')?.choices as { value: string }[]).map((c) => c.value)).toEqual(['official', 'activity']);
    expect((found.get('format')?.choices as { value: string }[]).map((c) => c.value)).toEqual(['in_person', 'online', 'hybrid']);
    expect(found.get('date')).toMatchObject({ type: 'Input.Date', value: '2027-03-16' });
    expect(found.get('start')).toMatchObject({ type: 'Input.Time', value: '09:00', label: 'Début * (heure de l’Est)' });
    expect(found.get('end')).toMatchObject({ type: 'Input.Time', value: '13:00' });
    expect(found.get('agenda')).toMatchObject({ isMultiline: true });
    expect(found.get('speakers')).toMatchObject({ isMultiline: true, placeholder: 'Nom, rôle, organisation, courriel — une personne par ligne' });
    expect(found.get('lunchProvided')).toMatchObject({ type: 'Input.Toggle', value: 'true', valueOn: 'true', valueOff: 'false' });
    expect(found.get('inviteSpeakersAsGuests')).toMatchObject({ type: 'Input.Toggle', value: 'false' });
    expect(cardText(cards.get('empty form'))).not.toContain('à corriger');
  });

  it('schedules with one verb and re-renders for the category with another, both naming the community', () => {
    expect(executes(cards.get('empty form')).map((a) => [a.verb, a.data])).toEqual([
      ['meeting.schedule', { community: 'infonuagique', lang: 'fr-CA' }],
      ['meeting.formKind', { community: 'infonuagique', lang: 'fr-CA' }],
    ]);
  });

  it('shows each problem right under its field, with the detail, and a summary at the top', () => {
    const body = cards.get('form with problems')?.body as Record<string, unknown>[];
    const after = (id: string) => body[body.findIndex((e) => e.id === id) + 1];
    expect(after('title')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'Ce champ est obligatoire.' });
    expect(after('speakers')).toMatchObject({ color: 'Attention', text: 'Ligne illisible : écrivez « Nom, rôle, organisation, courriel ». (« Ada;; »)' });
    expect(body.slice(0, 4).map((e) => e.text)).toContain('2 champs sont à corriger : voyez les messages sous ces champs.');
    expect(after('location')).not.toMatchObject({ color: 'Attention' });
    const english = meetingFormCard({ communitySlug: 's', communityName: 'Cloud', draft: DRAFT, problems: [{ field: 'end', code: 'end_before_start' }], timeZone: 'America/Toronto' }, 'en', en);
    expect(cardText(english)).toContain('One field needs correcting');
    expect(cardText(english)).toContain('The end must come after the start.');
  });
});

describe('the RSVP card', () => {
  it('shows the meeting\'s facts in French by default', () => {
    const words = cardText(rsvp());
    expect(words).toContain('Rencontre annuelle');
    expect(words).toContain('Infonuagique');
    expect(words).toContain('le mardi 16 mars 2027, de 9 h à 13 h (heure de l’Est)');
    expect(words).toContain('Hybride : en personne et en ligne');
    expect(words).toContain('Cœur des sciences');
    expect(words).toContain('12 places confirmées sur 40 · 2 en attente · 8 en ligne');
    expect(words).toContain('Ada Lovelace — mathématicienne, Analytical Society');
    expect(words).toContain('Votre curiosité et vos questions ; le dîner est offert.');
    expect(words).toContain("Vous n'avez pas encore répondu.");
  });

  it('answers carry the meeting and its version; only the in-person answer sends the lunch and dietary inputs', () => {
    const card = rsvp();
    expect(executes(card).map((a) => [a.title, a.data, (a as { associatedInputs?: string }).associatedInputs])).toEqual([
      ['Je viens en personne', { meeting: '12', version: 3, answer: 'in_person', lang: 'fr-CA' }, 'auto'],
      ['Je suivrai en ligne', { meeting: '12', version: 3, answer: 'online', lang: 'fr-CA' }, 'none'],
      ['Je ne pourrai pas venir', { meeting: '12', version: 3, answer: 'declined', lang: 'fr-CA' }, 'none'],
    ]);
    expect(executes(card).every((a) => a.verb === 'meeting.answer')).toBe(true);
    const found = inputs(card);
    expect(found.get('lunch')).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false' });
    expect(found.get('dietary')).toMatchObject({ type: 'Input.Text', maxLength: 300, placeholder: 'Ex. : végétarien, végane, sans gluten, allergies…' });
    expect(found.get('dietaryChoices')).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect((found.get('dietaryChoices')?.choices as { title: string }[]).map((c) => c.title)).toEqual(['végétarien', 'végane', 'sans gluten', 'sans lactose']);
  });

  it('is refreshed by hand only, with the meeting and its version', () => {
    expect(rsvp().refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Mettre à jour', verb: 'meeting.refresh', data: { meeting: '12', version: 3, lang: 'fr-CA' } },
      userIds: [],
    });
  });

  it('wraps its answers for clients without Universal Actions', () => {
    const answer = cardActions(rsvp()).find((a) => a.type === 'Action.Execute' && a.data?.answer === 'online') as unknown as { fallback: unknown };
    expect(answer.fallback).toMatchObject({ type: 'Action.Submit', data: { verb: 'meeting.answer', meeting: '12', version: 3, answer: 'online' } });
  });

  it('says a seat is held, offers to give it up and to add the meeting to the calendar', () => {
    const card = new Map(cardsFor('fr-CA')).get('rsvp confirmed');
    const words = cardText(card);
    expect(words).toContain('En personne : votre place est confirmée.');
    expect(words).toContain('Votre réponse est enregistrée.');
    expect(words).toContain('Besoins alimentaires : sans gluten');
    expect(executes(card).map((a) => a.title)).toEqual(['Enregistrer mes choix pour le dîner', 'Je suivrai en ligne', 'Je ne peux plus venir']);
    expect(opens(card)).toEqual([
      expect.objectContaining({ title: 'Rejoindre la réunion Teams', url: 'https://teams.microsoft.com/l/meetup-join/abc' }),
      expect.objectContaining({ title: 'Ajouter à mon calendrier', url: 'https://app.example/ics/12' }),
    ]);
    expect(inputs(card).get('dietary')?.value).toBe('sans gluten');
  });

  it('gives the waitlist rank', () => {
    const words = cardText(new Map(cardsFor('fr-CA')).get('rsvp waitlisted'));
    expect(words).toContain("En personne : vous êtes sur la liste d'attente (rang 3).");
    expect(words).toContain("vous êtes sur la liste d'attente (rang 3). Vous serez prévenu·e");
    expect(cardText(rsvp({ registration: registration('me', 'in_person', { seat: 'waitlisted', waitlistRank: 3 }) }, 'en'))).toContain('In person: you are on the waitlist (number 3).');
  });

  it('offers the waitlist when no seat is left', () => {
    const full = { ...overview(), counts: { ...overview().counts, seatsLeft: 0 } };
    expect(executes(rsvp({ overview: full }))[0]?.title).toBe("M'inscrire sur la liste d'attente");
  });

  it('offers no in-person answer, lunch or venue for an online meeting, and no online answer for an in-person one', () => {
    const cards = new Map(cardsFor('fr-CA'));
    const online = cards.get('rsvp online-only');
    expect(executes(online).map((a) => a.data?.answer)).toEqual(['online', 'declined']);
    expect(inputs(online).size).toBe(0);
    expect(cardText(online)).not.toContain('dîner');
    const inPerson = cards.get('rsvp in-person-only');
    expect(executes(inPerson).map((a) => a.data?.answer)).toEqual(['in_person', 'declined']);
    expect(opens(inPerson).map((o) => o.title)).toEqual([]);
    expect(cardText(inPerson)).not.toContain('en ligne ·');
  });

  it('mentions lunch in what to bring only when there is one', () => {
    const words = cardText(rsvp({ overview: overview({ lunchProvided: false }) }));
    expect(words).toContain("Votre curiosité et vos questions. Pas besoin de pièce d'identité.");
    expect(inputs(rsvp({ overview: overview({ lunchProvided: false }) })).size).toBe(0);
  });

  it('of a cancelled meeting says so and offers no answer', () => {
    const card = new Map(cardsFor('fr-CA')).get('rsvp cancelled');
    expect(cardText(card)).toContain('Cette rencontre est annulée.');
    expect(buttons(card)).toEqual([]);
    expect(inputs(card).size).toBe(0);
  });

  it('of a past meeting has no buttons', () => {
    const card = new Map(cardsFor('fr-CA')).get('rsvp past');
    expect(cardText(card)).toContain('Cette rencontre a eu lieu');
    expect(buttons(card)).toEqual([]);
    expect(buttons(rsvp({ notice: 'past' }))).toEqual([]);
  });

  it('opens no Teams link that is not https', () => {
    expect(opens(rsvp({ overview: overview({ joinUrl: 'javascript:alert(1)' }), registration: registration('me', 'online') })).map((o) => o.url)).toEqual(['https://app.example/ics/12']);
  });
});

describe('the channel summary', () => {
  it('shows live counts without inputs, and one button that opens the reader\'s own card', () => {
    const card = channelSummaryCard(overview(), 'fr-CA', fr);
    expect(inputs(card).size).toBe(0);
    expect(cardText(card)).toContain('12 places confirmées sur 40 · 2 en attente · 8 en ligne');
    expect(executes(card).map((a) => [a.title, a.verb, a.data])).toEqual([['Répondre / voir ma réponse', 'meeting.open', { meeting: '12', version: 3, lang: 'fr-CA' }]]);
    expect(opens(card).map((o) => o.url)).toEqual(['https://teams.microsoft.com/l/meetup-join/abc']);
  });

  it('of a cancelled meeting says so', () => {
    const card = channelSummaryCard(overview({ status: 'cancelled' }), 'en', en);
    expect(cardText(card)).toContain('This meeting is cancelled.');
    expect(buttons(card)).toEqual([]);
  });
});

describe('the list of meetings', () => {
  it('gives each meeting its number, short when, format, venue and counts; organisers get the commands', () => {
    const card = new Map(cardsFor('fr-CA')).get('list');
    const words = cardText(card);
    expect(words).toContain('Rencontres à venir — Infonuagique');
    expect(words).toContain('n° 12 — Rencontre annuelle');
    expect(words).toContain('mar. 16 mars 2027, 9 h · Hybride : en personne et en ligne · Cœur des sciences');
    expect(words).toContain('mar. 16 mars 2027, 9 h · En ligne (Teams)\n');
    expect(words).toContain('Heures indiquées en heure de l’Est.');
    expect(words).toContain('« bilan 12 », « déplacer 12 <date> », « annuler 12 » ou « lien 12 <url> »');
    expect(executes(card).map((a) => a.data)).toEqual([
      { meeting: '12', version: 3, lang: 'fr-CA' },
      { meeting: '13', version: 3, lang: 'fr-CA' },
    ]);
    const english = cardText(meetingListCard([overview()], undefined, 'en', en, { organiser: false }));
    expect(english).toContain('#12 — Rencontre annuelle');
    expect(english).toContain('Tue, Mar 16, 2027, 9:00 a.m. · Hybrid: in person and online · Cœur des sciences · Cloud');
    expect(english).not.toContain('summary 12');
  });

  it('says when there is nothing to come', () => {
    expect(cardText(meetingListCard([], 'Infonuagique', 'fr-CA', fr, { organiser: true }))).toContain('Aucune rencontre à venir pour « Infonuagique ».');
    expect(cardText(new Map(cardsFor('en')).get('empty list'))).toContain('No upcoming meetings.');
  });
});

describe('the bilan', () => {
  const cards = new Map(cardsFor('fr-CA'));

  it('lists who comes how, the waitlist in order, lunches and dietary needs, and the CSV', () => {
    const card = cards.get('bilan before');
    const words = cardText(card);
    expect(words).toContain('Bilan — Rencontre annuelle');
    expect(words).toContain('En personne, place confirmée (2)\n• Personne a\n• Personne b');
    expect(words).toContain("Liste d'attente (2)\n1. Personne w1\n2. Personne w2");
    expect(words).toContain('En ligne (1)\n• Personne o');
    expect(words).toContain('Ne viennent pas (1)\n• Personne d');
    expect(words).toContain('2 dîners à prévoir');
    expect(words).toContain('• Personne b : végane');
    expect(opens(card)).toEqual([expect.objectContaining({ title: 'Télécharger la liste (CSV)', url: 'https://app.example/csv/12' })]);
    expect(words).toContain('valide 15 minutes');
    expect(inputs(card).has('attended')).toBe(false);
  });

  it('once the meeting started, asks who attended: confirmed people ticked, online people offered', () => {
    const card = cards.get('bilan after');
    const attended = inputs(card).get('attended');
    expect(attended).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, value: 'a,b' });
    expect(attended?.choices).toEqual([
      { title: 'Personne a', value: 'a' },
      { title: 'Personne b', value: 'b' },
      { title: 'Personne o', value: 'o' },
    ]);
    expect(executes(card).map((a) => [a.verb, a.data])).toEqual([['meeting.attendance', { meeting: '12', lang: 'fr-CA', page: 0, shown: 'a,b,o' }]]);
    expect(opens(card)).toEqual([]);
  });

  it('ticks the recorded attendance once marked, and says dietary answers were deleted once purged', () => {
    const marked: MeetingSummary = {
      ...SUMMARY,
      confirmed: [registration('a', 'in_person', { attended: false }), registration('b', 'in_person', { attended: true })],
      online: [registration('o', 'online', { attended: true })],
      attendanceMarked: true,
      dietaryPurged: true,
      dietaryNeeds: [],
    };
    const card = meetingBilanCard(marked, { csvUrl: undefined, now: new Date('2027-05-01T12:00:00Z') }, 'fr-CA', fr);
    expect(inputs(card).get('attended')?.value).toBe('b,o');
    expect(cardText(card)).toContain("Les réponses sur l'alimentation ont été supprimées après la rencontre.");
    expect(cardText(card)).not.toContain('végane');
  });

  it('names at most 50 people a list and counts the others', () => {
    const many = Array.from({ length: 53 }, (_, i) => registration(`p${i}`, 'declined'));
    const words = cardText(meetingBilanCard({ ...SUMMARY, declined: many }, { csvUrl: undefined, now: new Date('2027-03-01T12:00:00Z') }, 'fr-CA', fr));
    expect(words).toContain('Personne p49');
    expect(words).not.toContain('Personne p50');
    expect(words).toContain('… et 3 autres personnes (voir le CSV)');
  });
});

describe('notices and organiser messages', () => {
  const cards = new Map(cardsFor('fr-CA'));

  it('a move gives the new when and a calendar update', () => {
    const card = cards.get('notice moved');
    expect(cardText(card)).toContain('« Rencontre annuelle » change de moment : le mardi 16 mars 2027, de 9 h à 13 h (heure de l’Est).');
    expect(opens(card).map((o) => o.title)).toContain('Mettre à jour mon calendrier');
    expect(executes(card).map((a) => [a.verb, a.data])).toEqual([['meeting.open', { meeting: '12', version: 3, lang: 'fr-CA' }]]);
  });

  it('a cancellation says so, offers the calendar file that removes it and nothing to answer', () => {
    const card = cards.get('notice cancelled');
    expect(cardText(card)).toContain('« Rencontre annuelle », prévue le mardi 16 mars 2027, de 9 h à 13 h (heure de l’Est), est annulée.');
    expect(opens(card)).toEqual([expect.objectContaining({ title: 'Retirer de mon calendrier', url: 'https://app.example/ics/12' })]);
    expect(executes(card)).toEqual([]);
  });

  it('a seat freed and a reminder are worded for the reader', () => {
    expect(cardText(cards.get('notice promoted'))).toContain('Une place s\'est libérée : vous êtes inscrit·e en personne à « Rencontre annuelle ».');
    expect(cardText(cards.get('notice reminder'))).toContain('Rappel : « Rencontre annuelle » a lieu dans 7 jours.');
    const view: RsvpCardView = { overview: overview(), registration: undefined, calendarUrl: undefined };
    expect(cardText(meetingNoticeCard('reminder', { ...view, reminderOffset: '1d' }, 'fr-CA', fr))).toContain('a lieu demain.');
    expect(cardText(meetingNoticeCard('reminder', { ...view, reminderOffset: '2h' }, 'en', en))).toContain('takes place in 2 hours.');
    expect(cardText(meetingNoticeCard('reminder', { ...view, reminderOffset: '30m' }, 'fr-CA', fr))).toContain('a lieu dans 30 minutes.');
  });

  it('after scheduling, the organiser learns the number, the invitations and where the Teams link stands', () => {
    const words = cardText(cards.get('scheduled not_permitted'));
    expect(words).toContain('Rencontre n° 12 planifiée');
    expect(words).toContain('25 invitations en route.');
    expect(words).toContain("Lien Teams : À ajouter à la main : l'organisation n'a pas accordé à l'application l'accès aux calendriers. Créez la réunion dans Teams, puis écrivez « lien 12 <url> ».");
    expect(cardText(cards.get('scheduled pending'))).toContain('Lien Teams : En préparation');
    expect(cardText(cards.get('scheduled none'))).not.toContain('Lien Teams');
    expect(cardText(scheduledCard(overview(), { invited: 1, onlineStatus: 'created' }, 'en', en))).toContain('1 invitation on its way.');
  });

  it('after scheduling, the organiser learns how many speakers were invited as guests and who could not be, with the command to retry', () => {
    const info = { invited: 3, onlineStatus: 'none' as const, guestsInvited: 2, guestProblems: [{ name: 'Ada *Lovelace*', email: 'ada@partner.example', reason: 'guests_not_allowed' }] };
    const words = cardText(scheduledCard(overview({ onlineStatus: 'none' }), info, 'fr-CA', fr));
    expect(words).toContain('2 personnes conférencières invitées comme invitées de la communauté.');
    expect(words).toContain('Pas invitée comme invitée : Ada \\*Lovelace\\* (ada@partner.example)');
    const english = cardText(scheduledCard(overview({ onlineStatus: 'none' }), { ...info, guestsInvited: 1, guestProblems: [] }, 'en', en));
    expect(english).toContain('1 speaker invited as a guest of the community.');
    expect(english).not.toContain('Not invited');
    expect(cardText(scheduledCard(overview({ onlineStatus: 'none' }), { invited: 3, onlineStatus: 'none' }, 'en', en))).not.toMatch(/guest/);
  });

  it('the yearly rule suggests scheduling, with the last in-person meeting', () => {
    const words = cardText(cards.get('yearly rule'));
    expect(words).toContain("« Infonuagique » n'a eu aucune rencontre en personne depuis 12 mois, et aucune n'est prévue.");
    expect(words).toContain('La dernière a eu lieu le mardi 4 novembre 2025.');
    expect(words).toContain('écrivez « planifier infonuagique »');
    expect(cardText(cards.get('yearly rule never'))).toContain("Aucune rencontre en personne n'a encore eu lieu.");
  });

  it('a move or a cancellation tells the organiser how many were told', () => {
    expect(cardText(cards.get('changed moved'))).toContain('Rencontre n° 12 déplacée : le mardi 16 mars 2027, de 9 h à 13 h (heure de l’Est).\n');
    expect(cardText(cards.get('changed moved'))).toContain('14 personnes sont prévenues.');
    expect(cardText(meetingChangedCard('cancelled', overview(), 1, 'en', en))).toContain('Meeting #12 cancelled.\nRencontre annuelle · Cloud\n1 person has been told.');
  });
});

describe('text typed by people', () => {
  const HOSTILE = '[x](https://evil) **gras** <b>html</b> _i_ `code`';

  it('is escaped so Markdown and HTML show as typed', () => {
    expect(plainText(HOSTILE)).toBe('\\[x\\](https://evil) \\*\\*gras\\*\\* \\<b\\>html\\</b\\> \\_i\\_ \\`code\\`');
    expect(plainText('- item\n1. one\n# title\n&amp;')).toBe('\\- item\n1\\. one\n\\# title\n\\&amp;');
    expect(plainText('Cœur des sciences, complexe Pierre-Dansereau (salle 2)')).toBe('Cœur des sciences, complexe Pierre-Dansereau (salle 2)');
  });

  it('is escaped in every card where it shows, but not in input values', () => {
    const hostile = overview({ title: HOSTILE, agenda: HOSTILE, location: HOSTILE, speakers: [{ name: HOSTILE, role: '**r**', organisation: '<i>o</i>', email: undefined }] });
    const me = registration('me', 'in_person', { dietary: HOSTILE, displayName: HOSTILE });
    const escaped = plainText(HOSTILE);
    const shown = [
      rsvpCard({ overview: hostile, registration: me, calendarUrl: undefined }, 'fr-CA', fr),
      channelSummaryCard(hostile, 'fr-CA', fr),
      meetingListCard([hostile], HOSTILE, 'fr-CA', fr, { organiser: true }),
      meetingBilanCard({ ...SUMMARY, overview: hostile, confirmed: [me], dietaryNeeds: [{ name: HOSTILE, needs: HOSTILE }] }, { csvUrl: undefined, now: new Date('2027-03-01T00:00:00Z') }, 'fr-CA', fr),
      meetingNoticeCard('moved', { overview: hostile, registration: me, calendarUrl: undefined }, 'fr-CA', fr),
      scheduledCard(hostile, { invited: 1, onlineStatus: 'pending' }, 'fr-CA', fr),
      yearlyRuleCard({ name: HOSTILE, slug: 's' }, undefined, 'fr-CA', fr),
      meetingFormCard({ communitySlug: 's', communityName: HOSTILE, draft: DRAFT, problems: [{ field: 'speakers', code: 'invalid_speaker', detail: HOSTILE }], timeZone: 'America/Toronto' }, 'fr-CA', fr),
    ];
    for (const card of shown) {
      const texts = cardText({ ...card, body: (card.body as Record<string, unknown>[]).filter((e) => !String(e.type).startsWith('Input.')) });
      expect(texts).toContain(escaped);
      expect(texts.replaceAll(escaped, '')).not.toMatch(/(^|[^\\])(\[x\]|\*\*|<b>)/);
    }
    expect(cardText(shown[0])).toContain('\\*\\*r\\*\\*, \\<i\\>o\\</i\\>');
    expect(inputs(shown[0]).get('dietary')?.value).toBe(HOSTILE);
    const form = meetingFormCard({ communitySlug: 's', communityName: 'c', draft: { ...DRAFT, title: HOSTILE }, problems: [], timeZone: 'America/Toronto' }, 'fr-CA', fr);
    expect(inputs(form).get('title')?.value).toBe(HOSTILE);
  });

  it('is never read as a template expression', () => {
    const card = rsvpCard({ overview: overview({ title: '${meeting} {{title}}' }), registration: undefined, calendarUrl: undefined }, 'fr-CA', fr);
    expect(cardText(card)).toContain('${meeting} {{title}}');
  });
});

describe.each<Locale>(['fr-CA', 'en'])('the cancel confirmation in %s', (locale) => {
  const t = translatorFor(locale);

  test('names the meeting, says how many will be told, and offers a destructive confirm and a keep', () => {
    const card = cancelConfirmationCard({ overview: overview(), coming: 57 }, locale, t);
    const text = cardText(card);
    expect(text).toContain('Rencontre annuelle');
    expect(text).toContain('57');
    const actions = cardActions(card);
    expect(actions.map((a) => a.verb)).toEqual(['meeting.cancel', 'meeting.cancel.keep']);
    expect((card.actions as { style?: string }[])[0]?.style).toBe('destructive');
    expect(actions.every((a) => (a.data as { meeting?: string }).meeting === MEETING.id)).toBe(true);
  });
});

describe('the summary of a big meeting', () => {
  const confirmed = Array.from({ length: 120 }, (_, i) => registration(`c${String(i).padStart(3, '0')}`, 'in_person', { displayName: `Personne ${i + 1}`, attended: i === 1 ? false : null }));
  const big: MeetingSummary = { ...SUMMARY, confirmed, waitlist: [], online: [], declined: [] };
  const after = new Date('2027-03-16T14:00:00Z');
  const attendanceOf = (card: AdaptiveCardJson) => {
    const text = JSON.stringify(card);
    const set = JSON.parse(text.slice(text.indexOf('{"type":"Input.ChoiceSet","id":"attended"'), text.indexOf(']', text.indexOf('"choices":[', text.indexOf('"id":"attended"'))) + 2)) as { value: string; choices: { value: string }[] };
    return { ticked: set.value.split(',').filter((v) => v !== ''), choices: set.choices.map((c) => c.value) };
  };

  test.each<Locale>(['fr-CA', 'en'])('in %s, attendance goes page by page, each card well under the Teams size limit', (locale) => {
    const t = translatorFor(locale);
    const first = meetingBilanCard(big, { csvUrl: 'https://app.example/csv/12', now: after }, locale, t);
    expect(JSON.stringify(first).length).toBeLessThan(28_000);
    const page0 = attendanceOf(first);
    expect(page0.choices).toHaveLength(ATTENDANCE_PAGE);
    // Until saved, those confirmed are ticked; someone saved as absent is not.
    expect(page0.ticked).not.toContain('c001');
    expect(page0.ticked).toHaveLength(ATTENDANCE_PAGE - 1);
    expect(cardText(first)).toContain(locale === 'en' ? 'People 1 to 50 of 120' : 'Personnes 1 à 50 sur 120');
    const next = cardActions(first).filter((a) => a.verb === 'meeting.bilan');
    expect(next.map((a) => (a.data as { page?: number }).page)).toEqual([1]);
    const save = cardActions(first).find((a) => a.verb === 'meeting.attendance');
    expect((save?.data as { shown?: string }).shown?.split(',')).toEqual(page0.choices);
    const last = meetingBilanCard(big, { csvUrl: undefined, now: after, page: 2 }, locale, t);
    expect(attendanceOf(last).choices).toEqual(confirmed.slice(100).map((r) => r.user.aadObjectId));
    expect(cardActions(last).filter((a) => a.verb === 'meeting.bilan').map((a) => (a.data as { page?: number }).page)).toEqual([1]);
    // Past the last page: the last.
    expect(attendanceOf(meetingBilanCard(big, { csvUrl: undefined, now: after, page: 99 }, locale, t)).choices).toHaveLength(20);
  });
});
