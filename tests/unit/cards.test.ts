import * as AC from 'adaptivecards';
import { COMMANDS } from '../../src/bot/command-registry';
import { communityInfoCard, communityListCard, myCommunitiesCard } from '../../src/cards/community-cards';
import { helpCard, welcomeCard } from '../../src/cards/help-cards';
import type { AdaptiveCardJson } from '../../src/cards/render-card';
import type { CommunityWithCounts, Locale } from '../../src/domain/model';
import en from '../../src/i18n/locales/en.json';
import frCA from '../../src/i18n/locales/fr-CA.json';
import { translatorFor } from '../../src/i18n/translator';
import { cardActions, cardText } from '../support/fake-bot-connector';

const community = (slug: string, status: CommunityWithCounts['status'], members: number): CommunityWithCounts => ({
  id: slug,
  slug,
  name: { fr: `Nom ${slug}`, en: `Name ${slug}` },
  summary: { fr: `Résumé ${slug}`, en: `Summary ${slug}` },
  description: { fr: '', en: '' },
  status,
  timeZone: 'America/Toronto',
  teamId: null,
  memberCount: members,
  interestCount: 1,
});

const ACTIVE = community('active-one', 'active', 1);
const PREPARING = community('preparing-one', 'en_preparation', 0);

function cardsFor(locale: Locale): [string, AdaptiveCardJson][] {
  const t = translatorFor(locale);
  const standings = new Map([['active-one', { member: true, interested: false }]]);
  const details = {
    community: ACTIVE,
    organisers: [{ tenantId: 't', aadObjectId: 'o', displayName: 'Camille Tremblay' }],
    nextMeeting: {
      id: '1',
      communityId: 'active-one',
      title: { fr: 'Rencontre', en: 'Meeting' },
      kind: 'in_person' as const,
      location: 'Cœur des sciences',
      startsAt: new Date('2026-06-10T13:00:00Z'),
      endsAt: new Date('2026-06-10T17:00:00Z'),
    },
    recordingCount: 1,
    standing: { member: false, interested: false },
  };
  return [
    ['help', helpCard(COMMANDS, locale, t)],
    ['welcome', welcomeCard('Camille', locale, t)],
    ['list', communityListCard([ACTIVE, PREPARING], standings, locale, t, { notice: 'ok' })],
    ['empty list', communityListCard([], new Map(), locale, t)],
    ['info', communityInfoCard(details, locale, t, { problem: 'oops' })],
    ['mine', myCommunitiesCard({ memberOf: [ACTIVE], interestedIn: [PREPARING] }, locale, t)],
  ];
}

describe.each<Locale>(['fr-CA', 'en'])('cards in %s', (locale) => {
  it.each(cardsFor(locale))('the %s card is a valid Adaptive Card 1.5 with only Action.Execute buttons', (name, card) => {
    expect(card.version).toBe('1.5');
    const parsed = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    parsed.parse(card, context);
    const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)?.message);
    expect(events).toEqual([]);
    expect(parsed.validateProperties().validationEvents.map((e) => e.message)).toEqual([]);
    const actions = cardActions(card);
    expect(actions.length > 0).toBe(name !== 'empty list');
    expect(actions.every((a) => a.type === 'Action.Execute' && a.title.length > 0 && typeof a.verb === 'string')).toBe(true);
    expect(actions.every((a) => a.data?.lang === locale)).toBe(true);
    expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data|undefined/);
  });

  it('a meeting is shown in the community zone with the zone named', () => {
    const info = cardsFor(locale).find(([name]) => name === 'info')?.[1];
    expect(cardText(info)).toMatch(locale === 'en' ? /Wednesday, June 10, 2026, 9:00 a\.m\. to 1:00 p\.m\. \(Eastern Daylight Time\)/ : /mercredi 10 juin 2026, de 9 h 00 à 13 h 00 \(heure avancée de l’Est\)/);
  });
});

describe('locale files', () => {
  it('French and English have exactly the same keys', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(frCA).sort()).toEqual(keys(en).sort());
  });
});
