import { readOneLineForm } from '../../src/bot/one-line-community-form';
import { EMPTY_COMMUNITY_FORM, nameClash, readCommunityForm, slugFor } from '../../src/domain/community-form';
import type { CommunityWithCounts } from '../../src/domain/model';
import type { KnownPerson } from '../../src/domain/ports';

const AUTHOR = { tenantId: 't', aadObjectId: 'author' };
const person = (aadObjectId: string, displayName: string): KnownPerson => ({ user: { tenantId: 't', aadObjectId }, displayName });
const PEOPLE = [person('author', 'Alex Admin'), person('a1', 'Jordan Smith'), person('a2', 'Élise Côté'), person('a3', 'Sam Lee'), person('a4', 'Sam Lee')];

const form = (changes: Partial<typeof EMPTY_COMMUNITY_FORM>) => ({
  ...EMPTY_COMMUNITY_FORM,
  nameFr: 'Observabilité',
  nameEn: 'Observability',
  summaryFr: 'Journaux et traces.',
  summaryEn: 'Logs and traces.',
  ...changes,
});

describe('reading the community form', () => {
  it('trims the values and finds co-organisers by their Teams name, case and accents aside, skipping the author', () => {
    const read = readCommunityForm(form({ nameFr: '  Observabilité   des   systèmes ', coOrganisers: 'elise cote; JORDAN SMITH,\nAlex Admin, Jordan Smith' }), PEOPLE, AUTHOR);
    expect(read).toEqual({
      ok: true,
      value: {
        name: { fr: 'Observabilité des systèmes', en: 'Observability' },
        summary: { fr: 'Journaux et traces.', en: 'Logs and traces.' },
        description: { fr: '', en: '' },
        status: 'en_preparation',
        coOrganisers: [PEOPLE[2], PEOPLE[1]],
        guestsAllowed: false,
      },
    });
  });

  it('says what is wrong with each field, all at once', () => {
    const read = readCommunityForm(
      form({ nameFr: '', nameEn: '🚀🚀', summaryEn: 'x'.repeat(301), status: 'soon', coOrganisers: 'Sam Lee, Nobody Here' }),
      PEOPLE,
      AUTHOR,
    );
    expect(read).toEqual({
      ok: false,
      errors: [
        { field: 'nameFr', problem: 'required' },
        { field: 'nameEn', problem: 'no_letters' },
        { field: 'summaryEn', problem: 'too_long', max: 300 },
        { field: 'status', problem: 'unknown_choice' },
        { field: 'coOrganisers', problem: 'ambiguous_person', name: 'Sam Lee' },
        { field: 'coOrganisers', problem: 'unknown_person', name: 'Nobody Here' },
      ],
    });
  });

  it('says whether external people may join as guests: no unless the organiser chose yes', () => {
    expect(readCommunityForm(form({}), PEOPLE, AUTHOR)).toMatchObject({ ok: true, value: { guestsAllowed: false } });
    expect(readCommunityForm(form({ guests: ' yes ' }), PEOPLE, AUTHOR)).toMatchObject({ ok: true, value: { guestsAllowed: true } });
    expect(readCommunityForm(form({ guests: 'maybe' }), PEOPLE, AUTHOR)).toEqual({ ok: false, errors: [{ field: 'guests', problem: 'unknown_choice' }] });
    expect(readCommunityForm(form({ guests: '' }), PEOPLE, AUTHOR)).toEqual({ ok: false, errors: [{ field: 'guests', problem: 'required' }] });
  });

  it('accepts at most ten co-organisers', () => {
    const many = Array.from({ length: 11 }, (_, i) => `Person ${i}`).join(', ');
    expect(readCommunityForm(form({ coOrganisers: many }), PEOPLE, AUTHOR)).toEqual({
      ok: false,
      errors: [{ field: 'coOrganisers', problem: 'too_many', max: 10 }],
    });
  });
});

describe('names and slugs', () => {
  const existing = [{ name: { fr: 'Infonuagique', en: 'Cloud computing' }, status: 'archived' } as CommunityWithCounts];

  it('a name that reads like an existing one, in either language, clashes', () => {
    expect(nameClash({ fr: 'INFONUAGIQUE!', en: 'New' }, existing)).toMatchObject({ code: 'community_exists', field: 'nameFr', status: 'archived' });
    expect(nameClash({ fr: 'Nuage', en: 'Cloud Computing' }, existing)).toMatchObject({ code: 'community_exists', field: 'nameEn' });
    expect(nameClash({ fr: 'Nuage', en: 'Cloud' }, existing)).toBeUndefined();
  });

  it('slugs come from the French name, are unique and fit the database', () => {
    expect(slugFor({ fr: "Sécurité de l'information", en: 'x' }, new Set())).toBe('securite-de-l-information');
    expect(slugFor({ fr: 'Données', en: 'Data' }, new Set(['donnees', 'donnees-2']))).toBe('donnees-3');
    expect(slugFor({ fr: '🚀', en: 'Rockets' }, new Set())).toBe('rockets');
    const long = slugFor({ fr: 'architecture '.repeat(10), en: 'x' }, new Set());
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('the one-line form', () => {
  it('reads the fields in order, with "|" between them', () => {
    expect(readOneLineForm('Nom | Name | résumé | summary | active | Jordan Smith | Sam Lee')).toEqual({
      ...EMPTY_COMMUNITY_FORM,
      nameFr: 'Nom',
      nameEn: 'Name',
      summaryFr: 'résumé',
      summaryEn: 'summary',
      status: 'active',
      coOrganisers: 'Jordan Smith, Sam Lee',
    });
  });

  it.each([
    ['', 'en_preparation'],
    ['préparation', 'en_preparation'],
    ['En préparation', 'en_preparation'],
    ['in preparation', 'en_preparation'],
    ['ACTIVE', 'active'],
    ['actif', 'active'],
    ['bientôt', 'bientôt'],
  ])('status "%s" reads as %s', (word, status) => {
    expect(readOneLineForm(`a | b | c | d | ${word}`).status).toBe(status);
  });

  it.each([
    ['Nom | Name | r | s | active | Jordan Smith | invités : oui', 'active', 'Jordan Smith', 'yes'],
    ['Nom | Name | r | s | active | Jordan Smith, Sam Lee | Guests: NO', 'active', 'Jordan Smith, Sam Lee', 'no'],
    ['Nom | Name | r | s | invites oui', 'en_preparation', '', 'yes'],
    ['Nom | Name | r | s | préparation | guests=y', 'en_preparation', '', 'yes'],
    ['Nom | Name | r | s | active | Jordan Smith', 'active', 'Jordan Smith', 'no'],
    ['Nom | Name | r | s | active | invités : peut-être', 'active', '', 'peut-être'],
    ['Nom | Name | r | s | active | invités', 'active', '', ''],
  ])('"%s" reads the trailing guests field (status %s, co-organisers "%s", guests "%s")', (line, status, coOrganisers, guests) => {
    expect(readOneLineForm(line)).toMatchObject({ status, coOrganisers, guests });
  });

  it('a name or summary that starts with "guests" is not mistaken for the guests field', () => {
    expect(readOneLineForm('Invités de marque | Guests: VIP')).toMatchObject({ nameFr: 'Invités de marque', nameEn: 'Guests: VIP', guests: 'no' });
    expect(readOneLineForm('Nom | Name | r | Guests yes')).toMatchObject({ summaryEn: 'Guests yes', guests: 'no' });
  });

  it('keeps whatever was typed when fields are missing', () => {
    expect(readOneLineForm('Robotique')).toEqual({ ...EMPTY_COMMUNITY_FORM, nameFr: 'Robotique' });
  });
});
