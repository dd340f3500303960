import { personalMessage } from '../support/teams-activities';
import { callApi, devSignIn } from '../support/tab-client';
import { TENANT_ID } from '../support/teams-activities';
import { type TestApp, startTestApp } from '../support/test-app';

const CAMILLE = '6f4a9c2e-3b1d-4e8a-9f00-00000000a001';
const GENEVIEVE = '6f4a9c2e-3b1d-4e8a-9f00-00000000a003';
const PRIYA = '6f4a9c2e-3b1d-4e8a-9f00-00000000a004';
const MATHIEU = '6f4a9c2e-3b1d-4e8a-9f00-00000000a005';
const EMILY = '6f4a9c2e-3b1d-4e8a-9f00-00000000a006';

/**
 * The tab's API over real HTTP against the real app (PGlite, demo data), signed in with the development
 * sign-in: the same use cases as the bot, so what the tab does the bot sees.
 */
describe('the tab API', () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const as = async (who: string) => {
    if (!cookies.has(who)) cookies.set(who, await devSignIn(t.app.url(), who));
    return cookies.get(who) ?? '';
  };
  const api = async (who: string, path: string, options: { method?: string; body?: unknown; language?: string } = {}) => callApi(t.app.url(), path, { ...options, cookie: await as(who) });

  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t?.stop());

  describe('lists', () => {
    it('pages the communities with offset and limit, each with its details and the viewer\'s standing', async () => {
      const all = await api(MATHIEU, '/api/communities');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ offset: 0, limit: 20 });
      const total = all.body.total as number;
      expect(total).toBeGreaterThanOrEqual(4);
      const first = await api(MATHIEU, '/api/communities?offset=0&limit=2');
      const second = await api(MATHIEU, '/api/communities?offset=2&limit=2');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.total).toBe(total);
      expect(second.body.items[0].slug).toBe(all.body.items[2].slug);
      const cloud = (all.body.items as { slug: string }[]).find((c) => c.slug === 'infonuagique');
      expect(cloud).toMatchObject({ status: 'active', memberCount: 4, standing: { member: true, interested: false }, organiser: false, name: { fr: 'Infonuagique', en: 'Cloud computing' } });
      expect((cloud as unknown as { organisers: { displayName: string }[] }).organisers.map((o) => o.displayName)).toEqual(expect.arrayContaining(['Camille Tremblay', 'Jordan Smith']));
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['colour=blue', 'colour'],
    ])('refuses ?%s with a 400 problem naming the field', async (query, field) => {
      const answer = await api(MATHIEU, `/api/communities?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.body.code).toBe('validation_failed');
      expect((answer.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });

    it('answers unknown /api routes with 404 and wrong methods with 405, as problems; /api/messages still answers the bot', async () => {
      const unknown = await api(MATHIEU, '/api/nothing-here', { language: 'en' });
      expect([unknown.status, unknown.body.code, unknown.body.title]).toEqual([404, 'not_found', 'Not found']);
      const wrong = await api(MATHIEU, '/api/communities', { method: 'DELETE' });
      expect([wrong.status, wrong.body.code, wrong.body.title]).toEqual([405, 'method_not_allowed', 'Méthode non permise']);
      expect((await t.post({ text: 'no type' })).status).toBe(400);
    });
  });

  describe('joining from the tab', () => {
    it('joins with the bot\'s words, stores the membership, and the bot then lists it among the person\'s communities', async () => {
      const joined = await api(MATHIEU, '/api/communities/securite-information/join', { method: 'POST', language: 'en' });
      expect(joined.status).toBe(200);
      expect(joined.body.outcome).toBe('joined');
      expect(joined.body.message).toBe('Welcome! You are now a member of "Information security".');
      expect(joined.body.community).toMatchObject({ slug: 'securite-information', memberCount: 4, standing: { member: true } });
      const { rows } = await t.database.pool.query('SELECT 1 FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = $1 AND m.aad_object_id = $2 AND m.left_at IS NULL', ['securite-information', MATHIEU]);
      expect(rows).toHaveLength(1);

      const activity = personalMessage('mes communautés', { serviceUrl: t.connector.serviceUrl, from: { id: '29:mathieu', aadObjectId: MATHIEU, name: 'Mathieu Bouchard' } });
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(JSON.stringify(reply.body)).toContain('curité de l');

      const again = await api(MATHIEU, '/api/communities/securite-information/join', { method: 'POST' });
      expect(again.body.outcome).toBe('already_member');
      expect(again.body.message).toContain('Vous êtes déjà membre');
    });

    it('refuses what the bot refuses, with the bot\'s sentence: interest in an active community (409), an unknown one (404)', async () => {
      const active = await api(EMILY, '/api/communities/infonuagique/interest', { method: 'POST' });
      expect([active.status, active.body.code]).toEqual([409, 'community_already_active']);
      expect(active.body.detail).toContain('Infonuagique');
      const unknown = await api(EMILY, '/api/communities/nulle-part/join', { method: 'POST', language: 'en' });
      expect([unknown.status, unknown.body.code, unknown.body.title]).toEqual([404, 'community_not_found', 'Not found']);
      const interest = await api(EMILY, '/api/communities/automatisations/interest', { method: 'POST' });
      expect(interest.body.outcome).toBe('registered');
    });
  });

  describe('meetings', () => {
    let meetingId: string;
    beforeAll(async () => {
      const { rows } = await t.database.pool.query<{ id: string }>(
        `INSERT INTO meetings (community_id, tenant_id, category, kind, title_fr, title_en, location, starts_at, ends_at, lunch_provided, capacity)
         SELECT id, $1, 'official', 'in_person', 'Une place', 'Une place', 'Salle 1', now() + interval '30 days', now() + interval '30 days 4 hours', true, 1
           FROM communities WHERE slug = 'securite-information' RETURNING id::text`,
        [TENANT_ID],
      );
      meetingId = rows[0]?.id ?? '';
    });

    it('lists the viewer\'s upcoming meetings with a working .ics link', async () => {
      const list = await api(GENEVIEVE, '/api/meetings?scope=upcoming&limit=100');
      expect(list.status).toBe(200);
      const mine = (list.body.items as { id: string; icsUrl: string; when: string; answer: unknown }[]).find((m) => m.id === meetingId);
      expect(mine).toMatchObject({ capacity: 1, lunchProvided: true, answer: null, community: { slug: 'securite-information' } });
      expect(mine?.when).toMatch(/heure de l’Est/);
      const ics = await fetch((mine?.icsUrl ?? '').replace(/^https?:\/\/[^/]+/, t.app.url()));
      expect(ics.status).toBe(200);
      expect(await ics.text()).toContain('BEGIN:VCALENDAR');
      // Emily belongs to no community: the meeting is not hers to see.
      expect((await api(EMILY, '/api/meetings')).body.total).toBe(0);
      expect((await api(EMILY, '/api/meetings?scope=later')).status).toBe(400);
    });

    it('answers with the RSVP rules: the one seat to the first, the waitlist to the next, and the outbox updates the cards', async () => {
      const before = await t.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM outbox_messages');
      const first = await api(GENEVIEVE, `/api/meetings/${meetingId}/answer`, { method: 'PUT', body: { response: 'in_person', lunch: true, dietary: 'végétarien', version: 1 } });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ notice: 'saved', meeting: { answer: { response: 'in_person', seat: 'confirmed', lunch: true, dietary: 'végétarien' }, counts: { inPerson: 1 } } });
      const second = await api(PRIYA, `/api/meetings/${meetingId}/answer`, { method: 'PUT', body: { response: 'in_person', version: 1 }, language: 'en' });
      expect(second.body).toMatchObject({ notice: 'waitlisted', meeting: { answer: { seat: 'waitlisted', waitlistPosition: 1 }, counts: { inPerson: 1, waitlisted: 1 } } });
      expect(second.body.message).toContain('waitlist (number 1)');
      const after = await t.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM outbox_messages');
      expect(Number(after.rows[0]?.n)).toBeGreaterThan(Number(before.rows[0]?.n));

      const stale = await api(PRIYA, `/api/meetings/${meetingId}/answer`, { method: 'PUT', body: { response: 'online', version: 7 } });
      expect(stale.body.notice).toBe('stale_refused');
      const outsider = await api(EMILY, `/api/meetings/${meetingId}/answer`, { method: 'PUT', body: { response: 'in_person', version: 1 } });
      expect([outsider.status, outsider.body.code]).toEqual([403, 'not_member']);
      const invalid = await api(PRIYA, `/api/meetings/${meetingId}/answer`, { method: 'PUT', body: { response: 'maybe', version: 1 } });
      expect([invalid.status, invalid.body.errors[0].field]).toEqual([400, 'response']);
    });
  });

  describe('community health', () => {
    it('is for organisers: 403 for anyone else, the figures for them', async () => {
      const refused = await api(EMILY, '/api/communities/infonuagique/health', { language: 'en' });
      expect([refused.status, refused.body.code]).toEqual([403, 'not_organiser']);
      expect(refused.body.detail).toContain('Cloud computing');
      const health = await api(CAMILLE, '/api/communities/infonuagique/health');
      expect(health.status).toBe(200);
      expect(health.body.membersOverTime).toHaveLength(12);
      expect(health.body.membersOverTime[11].members).toBe(4);
      expect(health.body).toMatchObject({ community: { slug: 'infonuagique' }, interests: 0 });
      expect(typeof health.body.yearlyRuleMet).toBe('boolean');
    });
  });

  describe('recordings', () => {
    it('searches the library for a person and publishes for organisers only (422 with each field)', async () => {
      const library = await api(CAMILLE, '/api/recordings?limit=5');
      expect(library.status).toBe(200);
      expect(library.body).toMatchObject({ offset: 0, limit: 5 });
      const facets = await api(CAMILLE, '/api/recordings/facets');
      expect(facets.status).toBe(200);
      expect(Array.isArray(facets.body.years)).toBe(true);

      const notOrganiser = await api(EMILY, '/api/recordings', { method: 'POST', body: { community: 'infonuagique', title: 'x', speakers: [], url: 'https://example.org/v', recordedOn: '2026-01-10', visibility: 'public' } });
      expect([notOrganiser.status, notOrganiser.body.code]).toEqual([403, 'not_organiser']);
      const invalid = await api(CAMILLE, '/api/recordings', { method: 'POST', body: { community: 'infonuagique', title: '', speakers: [], url: 'ftp://x', recordedOn: 'hier', visibility: 'public' } });
      expect([invalid.status, invalid.body.code]).toEqual([422, 'invalid_recording_form']);
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'url', 'recordedOn']));
      const candidate = await api(CAMILLE, '/api/recordings', { method: 'POST', body: { community: 'infonuagique', title: 'x', speakers: [], url: 'https://example.org/v', recordedOn: '2026-01-10', visibility: 'public', candidateId: 'graph-1' } });
      expect([candidate.status, candidate.body.errors?.[0]?.field]).toEqual([400, 'candidateId']);
      const published = await api(CAMILLE, '/api/recordings', { method: 'POST', body: { community: 'infonuagique', title: '<script>alert(1)</script> Coûts', speakers: ['Zoé Côté'], url: 'https://example.org/v', recordedOn: '2026-01-10', visibility: 'members' } });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ title: '<script>alert(1)</script> Coûts', visibility: 'members', community: { slug: 'infonuagique' } });
      // Accent-insensitive search finds it for a member; the public page does not show a members-only one.
      const found = await api(MATHIEU, '/api/recordings?q=couts');
      expect((found.body.items as { id: string }[]).map((r) => r.id)).toContain(published.body.id);
      const publicPage = await callApi(t.app.url(), '/api/public/recordings?q=couts');
      expect((publicPage.body.items as { id: string }[]).map((r) => r.id)).not.toContain(published.body.id);
    });

    it('serves the public pages without a token, public recordings only and no member data', async () => {
      const recordings = await callApi(t.app.url(), '/api/public/recordings');
      expect(recordings.status).toBe(200);
      expect((recordings.body.items as { visibility: string }[]).every((r) => r.visibility === 'public')).toBe(true);
      const communities = await callApi(t.app.url(), '/api/public/communities?limit=100');
      expect(communities.status).toBe(200);
      expect(communities.body.total).toBeGreaterThan(0);
      const text = JSON.stringify(communities.body);
      expect(text).not.toMatch(/memberCount|organisers|aadObjectId|Camille/);
    });
  });
});

describe('the public pages\' rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.stop());

  it('answers 429 with Retry-After past the limit, in the request language', async () => {
    for (let i = 0; i < 3; i += 1) expect((await callApi(t.app.url(), '/api/public/communities')).status).toBe(200);
    const limited = await callApi(t.app.url(), '/api/public/recordings', { language: 'en-CA' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited', title: 'Too many requests' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Signed-in calls are not counted against the public limit.
    expect((await callApi(t.app.url(), '/api/communities')).status).toBe(401);
  });
});
