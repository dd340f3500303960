import * as AC from 'adaptivecards';
import { COMMANDS } from '../../src/bot/command-registry';
import { archiveConfirmationCard, archiveOutcomeCard } from '../../src/cards/archive-cards';
import { communityInfoCard, communityListCard, myCommunitiesCard } from '../../src/cards/community-cards';
import { communityFormCard } from '../../src/cards/community-form-cards';
import { helpCard, teamWelcomeCard, welcomeCard } from '../../src/cards/help-cards';
import { preferencesCard } from '../../src/cards/preference-cards';
import { provisioningProgressCard } from '../../src/cards/provisioning-cards';
import { deliveryReportsCard } from '../../src/cards/delivery-report-cards';
import type { DeliveryReportView, NotReached } from '../../src/domain/delivery/outbox-store';
import type { AdaptiveCardJson } from '../../src/cards/render-card';
import { EMPTY_COMMUNITY_FORM } from '../../src/domain/community-form';
import type { CommunityWithCounts, Locale } from '../../src/domain/model';
import type { ProvisioningData, ProvisioningFailure } from '../../src/domain/team-provisioning';
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
    meetingFigures: { held: 2, attendance: 31 },
    yearlyRuleDue: true,
  };
  return [
    ['help', helpCard(COMMANDS, locale, t)],
    ['welcome', welcomeCard('Camille', locale, t)],
    ['team welcome', teamWelcomeCard(ACTIVE, 'Communautés de pratique', locale, t)],
    ['list', communityListCard([ACTIVE, PREPARING], standings, locale, t, { notice: 'ok' })],
    ['empty list', communityListCard([], new Map(), locale, t)],
    ['info', communityInfoCard(details, locale, t, { problem: 'oops' })],
    ['info without meetings', communityInfoCard({ ...details, meetingFigures: undefined, yearlyRuleDue: false }, locale, t)],
    ['mine', myCommunitiesCard({ memberOf: [ACTIVE], interestedIn: [PREPARING] }, locale, t)],
    ['organiser help', helpCard(COMMANDS, locale, t, { forOrganiser: true })],
    ['empty form', communityFormCard(EMPTY_COMMUNITY_FORM, locale, t)],
    [
      'form with problems',
      communityFormCard({ ...EMPTY_COMMUNITY_FORM, nameFr: 'Cuisine', status: 'active' }, locale, t, {
        problem: 'oops',
        fields: { nameEn: 'required', coOrganisers: 'unknown' },
      }),
    ],
    [
      'form with guests allowed and a guests problem',
      communityFormCard({ ...EMPTY_COMMUNITY_FORM, nameFr: 'Partenaires', guests: 'yes' }, locale, t, { problem: 'oops', fields: { guests: 'choose' } }),
    ],
    [
      'preferences',
      preferencesCard(
        {
          locale: 'en',
          forAll: { launch_notice: true, invitation: true, reminder: false },
          exceptions: [{ community: ACTIVE, choices: { reminder: true, invitation: false } }],
          communities: [ACTIVE, PREPARING],
        },
        locale,
        t,
        { notice: 'saved' },
      ),
    ],
    ['preferences of someone in no community', preferencesCard({ locale: undefined, forAll: { launch_notice: true, invitation: true, reminder: true }, exceptions: [], communities: [] }, locale, t)],
    ['archive confirmation', archiveConfirmationCard({ community: { ...ACTIVE, teamId: 'team-1', memberCount: 12 }, team: 'team' }, locale, t)],
    ['archive confirmation without a team', archiveConfirmationCard({ community: PREPARING, team: 'no_team' }, locale, t)],
    ['archive outcome', archiveOutcomeCard(ACTIVE.name, { notice: 'archived' }, locale)],
    ['archive outcome without a community', archiveOutcomeCard(undefined, { problem: 'oops' }, locale)],
    ['progress at start', provisioningProgressCard(PROVISIONING, 'start', undefined, locale, t, 'created')],
    ['progress when done', provisioningProgressCard({ ...PROVISIONING, added: 3, memberFailures: [] }, 'done', undefined, locale, t)],
    ['progress when everyone was told', provisioningProgressCard({ ...PROVISIONING, added: 3, memberFailures: [] }, 'done', undefined, locale, t, '', report({ sent: 1, notReached: [NOT_OPENED, BLOCKED] }))],
    ['delivery reports', deliveryReportsCard('Observabilité', [report({ sent: 2, pending: 1, retrying: 1, muted: 1, notReached: [NOT_OPENED] })], locale, t)],
    ['no delivery report yet', deliveryReportsCard('Observabilité', [], locale, t)],
    ...FAILURES.map((failure): [string, AdaptiveCardJson] => [
      `progress failed (${failure.code}${'permission' in failure && !failure.permission ? ', unnamed' : ''}${'credential' in failure ? `, ${failure.credential.reason}` : ''})`,
      provisioningProgressCard(PROVISIONING, 'reachable', failure, locale, t),
    ]),
  ];
}

const PROVISIONING: ProvisioningData = {
  communityId: '7',
  displayName: 'Observabilité',
  description: 'Journaux, métriques et traces.',
  owner: { tenantId: 't', aadObjectId: 'o' },
};

const FAILURES: ProvisioningFailure[] = [
  { code: 'permission_denied', permission: 'Team.Create', message: 'Missing role' },
  { code: 'permission_denied', permission: undefined, message: 'Forbidden' },
  { code: 'app_not_in_catalog', manifestId: '6f1c2b7e-3d4a-4e8b-9c1d-2a3b4c5d6e7f' },
  { code: 'team_creation_failed', message: 'InternalServerError: the group could not be created' },
  { code: 'team_never_reachable' },
  { code: 'graph_refused', status: 400, message: 'x'.repeat(1000) },
  ...(['invalid_secret', 'expired_secret', 'unknown_client', 'unknown_tenant'] as const).map(
    (reason): ProvisioningFailure => ({ code: 'credential_rejected', credential: { reason, aadsts: 'AADSTS1' }, message: 'Entra ID refused' }),
  ),
  { code: 'credential_rejected', credential: { reason: 'other', aadsts: undefined }, message: 'Unauthorized' },
];

/** Cards that only inform: the progress card is updated by the job, it has nothing to click. */
const NOT_OPENED: NotReached = { aadObjectId: 'a1', name: 'Ada Lovelace', status: 'unreachable', reason: 'never_opened', fallback: 'email_sent' };
const BLOCKED: NotReached = { aadObjectId: 'b2', name: null, status: 'unreachable', reason: 'blocked', fallback: 'none' };

function report(counts: Partial<Omit<DeliveryReportView, 'total'>>): DeliveryReportView {
  const base = { sent: 0, sentAfterInstall: 0, pending: 0, retrying: 0, muted: 0, notReached: [] as NotReached[], ...counts };
  return {
    id: '1',
    communityId: '7',
    kind: 'launch_notice',
    createdAt: new Date('2026-11-30T14:00:00Z'),
    card: { kind: 'progress_card', communityId: '7' },
    total: base.sent + base.pending + base.retrying + base.muted + base.notReached.length,
    ...base,
  };
}

const WITHOUT_BUTTONS = (name: string): boolean => name === 'empty list' || name.startsWith('progress') || name.startsWith('archive outcome') || name.includes('delivery report');

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
    expect(actions.length > 0).toBe(!WITHOUT_BUTTONS(name));
    expect(actions.every((a) => a.type === 'Action.Execute' && a.title.length > 0 && typeof a.verb === 'string')).toBe(true);
    expect(actions.every((a) => a.data?.lang === locale)).toBe(true);
    expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data|undefined/);
  });

  it('the form offers a labelled yes/no choice for guests, "no" unless the organiser chose otherwise', () => {
    const t = translatorFor(locale);
    const guestsInput = (card: AdaptiveCardJson | undefined) => (card?.body as Record<string, unknown>[] | undefined)?.find((e) => e.id === 'guests');
    const cards = new Map(cardsFor(locale));
    expect(guestsInput(cards.get('empty form'))).toEqual({
      type: 'Input.ChoiceSet',
      id: 'guests',
      label: t('form.labels.guests'),
      style: 'expanded',
      isRequired: true,
      errorMessage: t('form.required', { field: t('form.labels.guests') }),
      value: 'no',
      choices: [
        { title: t('form.guestChoices.no'), value: 'no' },
        { title: t('form.guestChoices.yes'), value: 'yes' },
      ],
    });
    expect(guestsInput(cards.get('form with guests allowed and a guests problem'))).toMatchObject({ value: 'yes' });
    expect(cardText(cards.get('form with guests allowed and a guests problem'))).toContain('choose');
  });

  it('the archive confirmation names the exact community, its members and its team, and its buttons carry only which community', () => {
    const t = translatorFor(locale);
    const cards = new Map(cardsFor(locale));
    const words = cardText(cards.get('archive confirmation'));
    expect(words).toContain(t('archiving.title', { community: locale === 'en' ? 'Name active-one' : 'Nom active-one' }));
    expect(words).toContain(locale === 'en' ? 'Name active-one / Nom active-one' : 'Nom active-one / Name active-one');
    expect(words).toContain(t('counts.members', { count: 12 }));
    expect(words).toContain(t('archiving.team.team'));
    expect(cardText(cards.get('archive confirmation without a team'))).toContain(t('archiving.team.no_team'));
    expect(cardActions(cards.get('archive confirmation')).map((a) => [a.verb, a.data])).toEqual([
      ['community.archive', { community: 'active-one', lang: locale }],
      ['community.archive.cancel', { community: 'active-one', lang: locale }],
    ]);
  });

  it('the preferences card shows the language, each choice for all, the exceptions, and offers the person\'s communities', () => {
    const t = translatorFor(locale);
    const card = new Map(cardsFor(locale)).get('preferences');
    const inputs = new Map(((card?.body ?? []) as Record<string, unknown>[]).flatMap(function flat(e): [string, Record<string, unknown>][] {
      const own: [string, Record<string, unknown>][] = typeof e.id === 'string' ? [[e.id, e]] : [];
      return [...own, ...((e.items as Record<string, unknown>[] | undefined) ?? []).flatMap(flat)];
    }));
    expect(inputs.get('language')).toMatchObject({ type: 'Input.ChoiceSet', value: 'en' });
    expect((inputs.get('language')?.choices as { value: string }[]).map((c) => c.value)).toEqual(['auto', 'fr-CA', 'en']);
    expect(['all_launch_notice', 'all_invitation', 'all_reminder'].map((id) => [inputs.get(id)?.type, inputs.get(id)?.value])).toEqual([
      ['Input.Toggle', 'true'],
      ['Input.Toggle', 'true'],
      ['Input.Toggle', 'false'],
    ]);
    expect((inputs.get('exception_community')?.choices as { value: string }[]).map((c) => c.value)).toEqual(['active-one', 'preparing-one']);
    for (const id of ['exception_launch_notice', 'exception_invitation', 'exception_reminder']) {
      expect(inputs.get(id)).toMatchObject({ type: 'Input.ChoiceSet', value: 'keep' });
      expect((inputs.get(id)?.choices as { value: string }[]).map((c) => c.value)).toEqual(['keep', 'for_all', 'yes', 'no']);
    }
    const name = locale === 'en' ? 'Name active-one' : 'Nom active-one';
    const yes = t('preferences.answers.yes');
    const no = t('preferences.answers.no');
    expect(cardText(card)).toContain(
      `• **${name}** — ${t('preferences.card.exceptionChoice', { category: t('preferences.categories.invitation'), answer: no })} · ${t('preferences.card.exceptionChoice', { category: t('preferences.categories.reminder'), answer: yes })}`,
    );
    expect(cardActions(card).map((a) => [a.verb, a.data])).toEqual([['preferences.save', { lang: locale }]]);
    const empty = new Map(cardsFor(locale)).get('preferences of someone in no community');
    expect(cardText(empty)).toContain(t('preferences.card.noExceptions'));
    expect(cardText(empty)).toContain(t('preferences.card.noCommunities'));
    expect(JSON.stringify(empty)).not.toContain('"id":"exception_community"');
  });

  it('a meeting is shown in the community zone with the zone named', () => {
    const info = cardsFor(locale).find(([name]) => name === 'info')?.[1];
    expect(cardText(info)).toMatch(locale === 'en' ? /Wednesday, June 10, 2026, from 9:00 a\.m\. to 1:00 p\.m\. \(Eastern Time\)/ : /le mercredi 10 juin 2026, de 9 h à 13 h \(heure de l’Est\)/);
  });

  it('the info card shows the meeting figures and, when due, the yearly rule with the command to schedule', () => {
    const t = translatorFor(locale);
    const cards = new Map(cardsFor(locale));
    const info = cardText(cards.get('info'));
    expect(info).toContain(locale === 'en' ? '2 held, 31 attendees' : '2 tenues, 31 présences');
    expect(info).toContain(locale === 'en' ? '"schedule active-one"' : '« planifier active-one »');
    const bare = cardText(cards.get('info without meetings'));
    expect(bare).not.toContain(t('meetingInfo.figuresLabel'));
    expect(bare).not.toContain(locale === 'en' ? 'schedule active-one' : 'planifier active-one');
  });
});

describe('the provisioning progress card', () => {
  const t = translatorFor('fr-CA');
  const steps = (step: Parameters<typeof provisioningProgressCard>[1], failure?: ProvisioningFailure) =>
    cardText(provisioningProgressCard(PROVISIONING, step, failure, 'fr-CA', t));

  it.each([
    ['start', "➤\nCréer l'équipe « Observabilité »\nEn cours…\n○"],
    ['creating', "➤\nCréer l'équipe « Observabilité »\nEn cours…"],
    ['reachable', "✔\nCréer l'équipe « Observabilité »\nTerminé\n➤\nInstaller l'application"],
    ['app_installed', 'Terminé\n➤\nAjouter les organisateurs et les membres\nEn cours…\n○'],
    ['members_added', 'Ajouter les organisateurs et les membres\nTerminé\n➤\nRattacher'],
  ] as const)('at step %s shows the steps done, the one running and those to come', (step, expected) => {
    expect(steps(step)).toContain(expected);
  });

  it('once done, every step is done and the team is said to be in the list of teams', () => {
    const memberFailures = [{ user: { tenantId: 't', aadObjectId: 'x' }, code: 'NotFound', message: 'gone' }];
    const words = cardText(provisioningProgressCard({ ...PROVISIONING, added: 3, memberFailures }, 'done', undefined, 'fr-CA', t));
    expect(words.match(/Terminé/g)).toHaveLength(4);
    expect(words).toContain("3 personnes ajoutées à l'équipe. 1 personne n'a pas pu être ajoutée.");
    expect(words).toContain("L'équipe « Observabilité » est prête : elle apparaît maintenant dans la liste de vos équipes dans Teams.");
  });

  it('names the people not added with the reason for each, up to 20, then counts the others', () => {
    const failure = (i: number, code: string, displayName?: string) => ({ user: { tenantId: 't', aadObjectId: `oid-${i}` }, displayName, code, message: 'm' });
    const memberFailures = [
      failure(0, 'NotFound', 'Ana Absente'),
      failure(1, 'NotFound'),
      failure(2, 'Forbidden', 'Bo Bloqué'),
      failure(3, 'Teapot', 'Cy Curieux'),
      ...Array.from({ length: 21 }, (_, i) => failure(10 + i, 'NotFound', `Personne ${10 + i}`)),
    ];
    const data = { ...PROVISIONING, added: 3, memberFailures };
    const words = cardText(provisioningProgressCard(data, 'done', undefined, 'fr-CA', t));
    expect(words).toContain("25 personnes n'ont pas pu être ajoutées.\nPersonnes non ajoutées :\n• Ana Absente : introuvable dans l'annuaire de l'organisation");
    expect(words).toContain("• oid-1 : introuvable dans l'annuaire de l'organisation");
    expect(words).toContain('• Bo Bloqué : Microsoft Graph a refusé de l\'ajouter (accès refusé)');
    expect(words).toContain('• Cy Curieux : refusée par Microsoft Graph (code Teapot)');
    expect(words).toContain('• Personne 25 :');
    expect(words).not.toContain('Personne 26');
    expect(words).toContain('et 5 autres');
    const english = cardText(provisioningProgressCard(data, 'done', undefined, 'en', translatorFor('en')));
    expect(english).toContain("People not added:\n• Ana Absente: not found in the organisation's directory");
    expect(english).toContain('and 5 more');
  });

  it('a missing permission is named, with who must grant it and how to resume', () => {
    const words = steps('start', { code: 'permission_denied', permission: 'Team.Create', message: 'Missing role' });
    expect(words).toContain("✖\nCréer l'équipe « Observabilité »\nÉchec");
    expect(words).toContain("l'application n'a pas la permission « Team.Create »");
    expect(words).toContain("Un administrateur de l'organisation doit accorder la permission d'application « Team.Create »");
    expect(words).toContain('consentement administrateur');
    expect(words).toContain('« lancer Observabilité »');
  });

  it('an app missing from the catalog says to publish it there', () => {
    const words = cardText(provisioningProgressCard(PROVISIONING, 'reachable', { code: 'app_not_in_catalog', manifestId: 'm-1' }, 'en', translatorFor('en')));
    expect(words).toContain('not published in the organisation\'s app catalog (id m-1)');
    expect(words).toContain('A Teams administrator must publish the app to the organisation\'s catalog');
    expect(words).toContain('Then type "launch Observabilité"');
  });

  it('a Graph client secret Entra ID refuses says, in English too, that the secret is wrong or expired and where to set it', () => {
    const failure: ProvisioningFailure = { code: 'credential_rejected', credential: { reason: 'expired_secret', aadsts: 'AADSTS7000222' }, message: 'x' };
    const words = cardText(provisioningProgressCard(PROVISIONING, 'creation_requested', failure, 'en', translatorFor('en')));
    expect(words).toContain("Microsoft Entra ID refused the app's Graph client secret (AADSTS7000222): the secret has expired.");
    expect(words).toContain('in GRAPH_CLIENT_SECRET: in env/.env.local.user when the app runs on a computer, or in the App Service\'s application settings in Azure');
    expect(words).toContain('Then type "launch Observabilité"');
    expect(words).not.toMatch(/permission|consent/i);
  });

  it('an unknown client id or tenant names the setting to check rather than the secret', () => {
    const failure = (reason: 'unknown_client' | 'unknown_tenant'): ProvisioningFailure => ({ code: 'credential_rejected', credential: { reason, aadsts: 'AADSTS700016' }, message: 'x' });
    expect(steps('creation_requested', failure('unknown_client'))).toContain("doit vérifier GRAPH_CLIENT_ID (l'ID d'application (client) de l'inscription d'application) et GRAPH_TENANT_ID");
    expect(steps('creation_requested', failure('unknown_tenant'))).toContain("doit vérifier GRAPH_TENANT_ID (l'ID de répertoire (locataire) de l'organisation)");
    expect(steps('creation_requested', failure('unknown_tenant'))).not.toContain('GRAPH_CLIENT_SECRET');
  });

  it('a long Graph message is cut short', () => {
    const words = steps('start', { code: 'graph_refused', status: 400, message: 'x'.repeat(1000) });
    expect(words).toContain(`statut 400) : ${'x'.repeat(300)}…`);
    expect(words).not.toContain('x'.repeat(301));
  });
});

describe('the delivery report on the progress card', () => {
  it.each<[Locale, Partial<DeliveryReportView>, string[]]>([
    ['fr-CA', { sent: 3 }, ['3 personnes sur 3 prévenues personnellement dans Teams.', 'Envoi terminé.']],
    [
      'fr-CA',
      { sent: 1, pending: 2, retrying: 1, notReached: [NOT_OPENED, BLOCKED] },
      ['1 personne sur 6 prévenue', 'En attente : 2 ; nouvel essai prévu : 1.', "2 personnes n'ont pas pu être jointes", "• Ada Lovelace : n'a jamais ouvert l'application ; courriel envoyé", '• b2 : a bloqué le bot ; rien d\'autre n\'a été possible', 'Envoi en cours'],
    ],
    ['en', { sent: 2, sentAfterInstall: 1, muted: 1 }, ['2 of 3 people told personally in Teams.', 'Including 1 after the app was installed for them.', '1 person chose not to receive this kind of message.', 'Sending finished.']],
  ])('in %s, %o reads %j', (locale, counts, expected) => {
    const card = provisioningProgressCard({ ...PROVISIONING, added: 3, memberFailures: [] }, 'done', undefined, locale, translatorFor(locale), '', report(counts));
    for (const line of expected) expect(cardText(card)).toContain(line);
  });

  it('names at most 15 people and counts the others', () => {
    const many = Array.from({ length: 20 }, (_, i): NotReached => ({ ...NOT_OPENED, aadObjectId: `p${i}`, name: `Person ${i}` }));
    const text = cardText(provisioningProgressCard(PROVISIONING, 'done', undefined, 'en', translatorFor('en'), '', report({ notReached: many })));
    expect(text.match(/never opened the app/g)).toHaveLength(15);
    expect(text).toContain('and 5 more');
  });
});

describe('locale files', () => {
  it('French and English have exactly the same keys', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(frCA).sort()).toEqual(keys(en).sort());
  });
});
