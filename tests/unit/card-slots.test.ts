import { type AdaptiveCardJson, renderCard, slot } from '../../src/cards/render-card';

/**
 * Slots (src/cards/render-card.ts): the words that differ from one reader to the next are put into a card
 * expanded once for its shape. The card must be exactly what the template gives with those words as data.
 */
const base = {
  lang: 'fr-CA',
  meeting: '42',
  version: 3,
  title: 'Rencontre annuelle',
  community: 'Bien-être numérique',
  noticeColor: 'Good',
  status: '',
  agendaTitle: 'Ordre du jour',
  agenda: '',
  speakersTitle: 'Conférenciers',
  speakers: [],
  answerTitle: 'Votre réponse',
  inputs: false,
  inputIds: { lunch: 'lunch', dietary: 'dietary', dietaryChoices: 'dietaryChoices' },
  lunchTitle: 'Dîner',
  lunchValue: 'true',
  dietaryLabel: 'Besoins',
  dietaryPlaceholder: '',
  dietaryMax: 300,
  dietaryChoicesLabel: '',
  dietaryChoices: [],
  joinUrl: '',
  joinTitle: 'Rejoindre',
  calendarTitle: 'Calendrier',
  refreshTitle: 'Actualiser',
};

function personal(notice: string, answer: string, calendarUrl: string, asSlots: boolean) {
  const put = asSlots ? slot : (text: string) => text;
  return {
    ...base,
    notice: put(notice),
    answer: put(answer),
    own: put(''),
    dietaryValue: put(''),
    calendarUrl: put(calendarUrl),
    facts: [{ title: 'Participation', value: put(`${answer.length} confirmées`) }],
    answers: [{ answer: 'declined', title: put(`Je ne peux pas (${notice})`), inputs: 'none' }],
  };
}

test.each([
  ['a notice and a calendar link', 'Réponse enregistrée', 'Vous êtes 12e sur la liste d’attente', 'https://example.test/ics?sig=abc'],
  ['no notice (the block is hidden) and no link', '', 'Place confirmée', ''],
  ['template syntax and markup as text', '${title} <b>gras</b>', '@{answer} ${$root.meeting}', 'https://example.test/?a=${b}'],
])('with %s, the card is what the template gives for the same words', (_case, notice, answer, calendarUrl) => {
  const expected = JSON.parse(JSON.stringify(renderCard('meetingRsvp', personal(notice, answer, calendarUrl, false)))) as AdaptiveCardJson;
  expect(renderCard('meetingRsvp', personal(notice, answer, calendarUrl, true))).toStrictEqual(expected);
});

test('two readers of one card shape each get their own words, and the first copy is not changed by the second', () => {
  const first = renderCard('meetingRsvp', personal('Réponse enregistrée', 'Place confirmée', 'https://example.test/1', true));
  const firstText = JSON.stringify(first);
  const second = renderCard('meetingRsvp', personal('Liste d’attente', 'Vous êtes 3e', 'https://example.test/2', true));
  expect(JSON.stringify(first)).toBe(firstText);
  expect(JSON.stringify(second)).toContain('Vous êtes 3e');
  expect(JSON.stringify(second)).toContain('https://example.test/2');
  expect(JSON.stringify(second)).not.toContain('Place confirmée');
});

test('a marker-like text from a person stays as typed', () => {
  const forged = '\u0001000000000000:0\u0001';
  const card = renderCard('meetingRsvp', personal('Réponse enregistrée', forged, '', true));
  expect(JSON.stringify(card)).toContain(JSON.stringify(forged).slice(1, -1));
});
