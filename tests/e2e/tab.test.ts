import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type FrameLocator, type Page, chromium } from 'playwright-core';
import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { cardText } from '../support/fake-bot-connector';
import { type MeetingCommunity, seedMeetingCommunity } from '../support/meeting-scenario';
import { SsoTokenIssuer, v2Claims } from '../support/sso-token-issuer';
import { callApi } from '../support/tab-client';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';
import { teamsHostPage } from '../support/teams-host-page';
import { type TestApp, startTestApp } from '../support/test-app';

/**
 * The personal tab in headless Chromium, hosted as Teams hosts it: in an iframe of a host page that answers
 * teams-js's messages (tests/support/teams-host-page.ts) with the context (locale, theme) and SSO tokens
 * signed by a test key whose JWKS the app fetches. The real app runs in-process (PGlite, demo data); the
 * Bot Connector stand-in receives what the bot sends, so what the tab does can be seen from the bot.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CLIENT_ID = '3c5e1f0a-7b2d-4c9e-8a11-5a5a5a5a0002';
const CAMILLE = '6f4a9c2e-3b1d-4e8a-9f00-00000000a001';
const MATHIEU = '6f4a9c2e-3b1d-4e8a-9f00-00000000a005';
const SLOW = 120_000;
const XSS_NAME = '<img src=x onerror="window.__xss=1">Communauté <b>piégée</b>';
const XSS_TITLE = '<script>window.__xss=2</script>Titre <i>piégé</i>';
const XSS_SPEAKER = '<img src=y onerror="window.__xss=3">Oratrice';

/** Builds the tab when a source file is newer than the build (npm run build does it too). */
function ensureTabBuilt(): void {
  const built = path.join(ROOT, 'dist', 'tab', 'index.html');
  const newest = (dir: string): number =>
    Math.max(...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).mtimeMs)));
  const sources = Math.max(newest(path.join(ROOT, 'src', 'tab')), fs.statSync(path.join(ROOT, 'vite.config.mjs')).mtimeMs);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.config.mjs'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
}

// Functions passed to evaluate() run in the browser; this file is compiled without the DOM library.
declare const window: Record<string, unknown>;
declare const document: { querySelectorAll(selector: string): { length: number }; documentElement: { scrollWidth: number; clientWidth: number } };

interface Axe {
  run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] }>;
}

describe('the personal tab in a Teams-like host', () => {
  let issuer: SsoTokenIssuer;
  let connector: BotConnectorStandIn;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let community: MeetingCommunity;
  let viewer = CAMILLE;
  let teamsRefusesTokens = false;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: node scripts/ensure-system-deps.js installs it.`);
    ensureTabBuilt();
    issuer = await new SsoTokenIssuer().start();
    connector = await startBotConnector({ recordCalls: true });
    t = await startTestApp({
      TEAMS_APP_TENANT_ID: TENANT_ID,
      SSO_CLIENT_ID: CLIENT_ID,
      SSO_JWKS_URL: issuer.jwksUrl,
      PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    });
    community = await seedMeetingCommunity(t.database.pool, connector.serviceUrl, 2, { slug: 'bien-etre-tab', prefix: 'b' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    // What the browser said, for the message of a failing openTab().
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
    // Offline and deterministic: nothing leaves the machine (teams-js's CDN origin list falls back to its built-in one).
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    await page.exposeFunction('teamsHostToken', () => {
      if (teamsRefusesTokens) throw new Error('resourceDisabled');
      return issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, viewer, 'Test person'));
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, SLOW);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.stop();
    await connector?.stop();
    await issuer?.stop();
  }, SLOW);

  /** Opens the tab as `who`, in Teams' locale and theme, and waits for it to greet them. */
  async function openTab(who: string, locale: 'fr-CA' | 'en-US', theme: 'default' | 'dark' | 'contrast', view = 'communities'): Promise<FrameLocator> {
    viewer = who;
    const hostUrl = `${t.app.url()}/__teams-host__/${Date.now()}`;
    await page.route(hostUrl, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: teamsHostPage({ tabPath: `/tab/?entity=communities&view=${view}`, locale, theme, tenantId: TENANT_ID, userObjectId: who }) }),
    );
    await page.goto(hostUrl);
    const tab = page.frameLocator('#tab');
    await tab.locator('nav[aria-label]').waitFor({ timeout: 8_000 }).catch(async (e: unknown) => {
      const calls = await page.evaluate(() => JSON.stringify((window as unknown as { teamsHost: unknown }).teamsHost));
      const text = await page.frame({ url: /\/tab\// })?.evaluate(() => (globalThis as unknown as { document: { body: { innerHTML: string } } }).document.body.innerHTML);
      throw new Error(`${String(e)}\nhost: ${calls}\ntab: ${text}\nbrowser errors: ${browserErrors.join(' | ')}`);
    });
    return tab;
  }

  async function axeViolations(): Promise<string[]> {
    const frame = page.frame({ url: /\/tab\// });
    if (!frame) throw new Error('the tab frame is not there');
    // evaluate() goes through the DevTools protocol: the tab's CSP (script-src 'self') rightly refuses injected <script> tags.
    await frame.evaluate(AXE);
    const result = await frame.evaluate(() => (window as unknown as { axe: Axe }).axe.run(
        // Fluent's focus manager (Tabster) puts hidden <i tabindex="0" data-tabster-dummy> sentinels around focus
        // groups; they hand focus on at once and are never read, which axe cannot know.
        { include: [document], exclude: [['[data-tabster-dummy]']] },
        { resultTypes: ['violations'] },
      ));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  const evaluateInTab = <T>(fn: () => T): Promise<T> => {
    const frame = page.frame({ url: /\/tab\// });
    if (!frame) throw new Error('the tab frame is not there');
    return frame.evaluate(fn);
  };
  const xssRan = (): Promise<unknown> => evaluateInTab(() => (window as unknown as { __xss?: unknown }).__xss);
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `tab-${name}.png`) });
  const organiserToken = () => issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, community.organiser.user.aadObjectId, community.organiser.name));

  it(
    'shows the communities in French, light theme, with teams-js initialised by the host and SSO on each call; the theme follows Teams live',
    async () => {
      const tab = await openTab(CAMILLE, 'fr-CA', 'default');
      await tab.getByRole('heading', { name: 'Toutes les communautés' }).waitFor();
      await tab.getByRole('heading', { name: 'Infonuagique' }).waitFor();
      await expect(tab.getByRole('tab', { name: 'Santé des communautés' }).isVisible()).resolves.toBe(true);
      await shot('communities-fr');
      const calls = await page.evaluate(() => (window as unknown as { teamsHost: { calls: string[] } }).teamsHost.calls);
      expect(calls).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']));
      expect(await axeViolations()).toEqual([]);

      await page.evaluate(() => (window as unknown as { setTeamsTheme(theme: string): void }).setTeamsTheme('dark'));
      await tab.locator('[data-theme="dark"]').waitFor();
    },
    SLOW,
  );

  it(
    'joins a community from the tab (English, dark theme), and the bot then lists it in "my communities"',
    async () => {
      const tab = await openTab(MATHIEU, 'en-US', 'dark');
      await tab.getByRole('heading', { name: 'All communities' }).waitFor();
      await tab.getByRole('button', { name: 'Join “Enterprise architecture”' }).click();
      await tab.getByRole('status').filter({ hasText: 'You are now a member of "Enterprise architecture"' }).waitFor();
      await tab.locator('[data-community="architecture-entreprise"]').getByRole('button', { name: 'Leave “Enterprise architecture”' }).waitFor();
      await page.mouse.move(0, 0);
      await shot('communities-en-dark');
      expect(await axeViolations()).toEqual([]);

      const activity = personalMessage('my communities', { serviceUrl: t.connector.serviceUrl, locale: 'en-US', from: { id: '29:mathieu', aadObjectId: MATHIEU, name: 'Mathieu Bouchard' } });
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(cardText(reply.body.attachments?.[0]?.content) + (reply.body.text ?? '')).toContain('Enterprise architecture');
    },
    SLOW,
  );

  it(
    'answers a meeting from the tab (French, high contrast): seat, lunch and dietary needs saved, and the bot\'s channel summary card is updated',
    async () => {
      const organiser = community.organiser;
      const schedule = cardAction(
        'meeting.schedule',
        {
          community: community.slug, lang: 'fr-CA', category: 'official', format: 'in_person', title: 'Rencontre de l’onglet', agenda: 'Démonstration',
          date: '2027-03-16', start: '09:00', end: '13:00', location: 'Salle 2', lunchProvided: 'true', capacity: '5', speakers: '', inviteSpeakersAsGuests: 'false',
        },
        { serviceUrl: connector.serviceUrl, from: organiser.from, locale: 'fr-CA', conversationId: organiser.conversationId },
      );
      expect((await t.post(schedule)).status).toBe(200);
      await t.app.jobs.workUntilIdle();
      const channelCard = () => connector.deliveriesTo(community.channelId)[0];
      expect(channelCard()).toBeDefined();
      const updatesBefore = channelCard()?.updates ?? 0;
      const textBefore = cardText(channelCard()?.attachments[0]?.content);

      const member = community.members[0];
      if (!member) throw new Error('no member');
      const tab = await openTab(member.user.aadObjectId, 'fr-CA', 'contrast', 'meetings');
      const card = tab.locator('li[data-meeting]').filter({ hasText: 'Rencontre de l’onglet' });
      await card.waitFor();
      await expect(card.locator('[data-answer]').textContent()).resolves.toBe('Vous n’avez pas encore répondu.');
      await card.getByRole('radio', { name: 'Je viens en personne' }).check();
      await card.getByRole('checkbox', { name: 'Je prendrai le dîner' }).check();
      await card.getByRole('combobox', { name: /Restrictions alimentaires/ }).fill('végétarien');
      await card.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
      await tab.getByRole('status').filter({ hasText: 'Votre réponse est enregistrée.' }).waitFor();
      await expect(card.locator('[data-answer]').textContent()).resolves.toBe('Je viens en personne · Place confirmée · Dîner : oui · végétarien');
      await page.mouse.move(0, 0);
      await shot('meetings-fr-contrast');
      expect(await axeViolations()).toEqual([]);

      const { rows } = await t.database.pool.query<{ answer: string; seat: string; lunch: boolean; dietary: string }>(
        'SELECT answer, seat, lunch, dietary FROM meeting_registrations r JOIN meetings m ON m.id = r.meeting_id WHERE m.title_fr = $1 AND r.aad_object_id = $2',
        ['Rencontre de l’onglet', member.user.aadObjectId],
      );
      expect(rows).toEqual([{ answer: 'in_person', seat: 'confirmed', lunch: true, dietary: 'végétarien' }]);
      // The channel's summary gathers the answers of a 5-second window and is updated at its end: run the jobs until it is.
      const deadline = Date.now() + 20_000;
      while ((channelCard()?.updates ?? 0) <= updatesBefore && Date.now() < deadline) {
        await t.app.jobs.workUntilIdle();
        if ((channelCard()?.updates ?? 0) <= updatesBefore) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(channelCard()?.updates).toBeGreaterThan(updatesBefore);
      expect(cardText(channelCard()?.attachments[0]?.content)).not.toBe(textBefore);
    },
    SLOW,
  );

  it(
    'searches the recordings with or without accents (English), filters by community, and shows each recording\'s speakers and community',
    async () => {
      const token = await organiserToken();
      for (const body of [
        { community: community.slug, title: 'Sécurité des données personnelles', speakers: ['Zoé Côté'], url: 'https://example.org/v/securite', recordedOn: '2026-11-20', visibility: 'public', description: 'Chiffrement et gouvernance.' },
        { community: community.slug, title: XSS_TITLE, speakers: [XSS_SPEAKER], url: 'https://example.org/v/piege', recordedOn: '2026-11-21', visibility: 'public', description: '<img src=z onerror="window.__xss=4">' },
      ]) {
        const published = await callApi(t.app.url(), '/api/recordings', { method: 'POST', token, body });
        expect(published.status).toBe(201);
      }
      const tab = await openTab(CAMILLE, 'en-US', 'default', 'recordings');
      await tab.getByRole('heading', { name: 'Recordings library' }).waitFor();
      const search = tab.getByRole('searchbox', { name: 'Search' });
      // Community descriptions are searched too ("sécurité et gouvernance" describes Cloud computing), so these find more than one.
      for (const query of ['securite', 'Sécurité', 'SÉCURITÉ']) {
        await search.fill(query);
        await tab.locator('[data-results]').filter({ hasText: /^1 to \d+ of \d+$/ }).waitFor();
        await tab.getByRole('link', { name: 'Sécurité des données personnelles' }).waitFor();
      }
      await search.fill('donnees personnelles');
      await tab.locator('[data-results]').filter({ hasText: /^1 to 1 of 1$/ }).waitFor();
      await tab.getByRole('link', { name: 'Sécurité des données personnelles' }).waitFor();
      await tab.locator('li[data-recording]').getByText('Zoé Côté').waitFor();
      await search.fill('');
      await tab.getByRole('combobox', { name: 'Community' }).selectOption({ label: 'Cloud computing' });
      await tab.getByRole('link', { name: 'Gouvernance des coûts infonuagiques' }).waitFor();
      await expect(tab.getByRole('link', { name: 'Sécurité des données personnelles' }).count()).resolves.toBe(0);
      await shot('recordings-en');
      expect(await axeViolations()).toEqual([]);
    },
    SLOW,
  );

  it(
    'renders HTML and script in community names, recording titles and speakers as text, in the tab',
    async () => {
      await t.database.pool.query(
        `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status)
         VALUES ('piegee', $1, $1, '<script>window.__xss=5</script>résumé', 'summary', 'd', 'd', 'en_preparation')`,
        [XSS_NAME],
      );
      const tab = await openTab(CAMILLE, 'fr-CA', 'dark');
      await tab.getByRole('heading', { name: XSS_NAME }).waitFor();
      await tab.getByText('<script>window.__xss=5</script>résumé').waitFor();
      await tab.getByRole('tab', { name: 'Enregistrements' }).click();
      await tab.getByRole('link', { name: XSS_TITLE }).waitFor();
      await tab.locator('li[data-recording]').getByText(XSS_SPEAKER).waitFor();
      await tab.getByText('<img src=z onerror="window.__xss=4">').waitFor();
      await shot('recordings-fr-dark');
      expect(await axeViolations()).toEqual([]);
      expect(await xssRan()).toBeUndefined();
      expect(await evaluateInTab(() => document.querySelectorAll('main img, main script, main b, main i:not([data-tabster-dummy])').length)).toBe(0);
    },
    SLOW,
  );

  it(
    'shows an organiser their community\'s health (members over time as a table) in French and English',
    async () => {
      const tab = await openTab(community.organiser.user.aadObjectId, 'fr-CA', 'default', 'health');
      await tab.getByRole('heading', { name: 'Santé de la communauté' }).waitFor();
      const table = tab.getByRole('table', { name: 'Membres au fil des mois' });
      await table.waitFor();
      await expect(table.getByRole('row').count()).resolves.toBe(13);
      await tab.getByText('Au moins une rencontre en personne par année').waitFor();
      await shot('health-fr');
      expect(await axeViolations()).toEqual([]);

      const english = await openTab(community.organiser.user.aadObjectId, 'en-US', 'contrast', 'health');
      await english.getByRole('table', { name: 'Members over the months' }).waitFor();
      await shot('health-en-contrast');
      expect(await axeViolations()).toEqual([]);
    },
    SLOW,
  );

  it(
    'lets an organiser publish a recording from the tab (English, high contrast), with the server\'s field problems under each field',
    async () => {
      const tab = await openTab(community.organiser.user.aadObjectId, 'en-US', 'contrast', 'publish');
      await tab.getByRole('heading', { name: 'Publish a recording' }).waitFor();
      await tab.getByRole('textbox', { name: /^Title/ }).fill('Well-being at work');
      await tab.getByRole('textbox', { name: /^Speakers/ }).fill('Ada Lovelace, Grace Hopper');
      await tab.getByRole('textbox', { name: /^Link to the recording/ }).fill('ftp://not-a-web-link');
      await tab.getByRole('button', { name: 'Publish' }).click();
      await tab.getByRole('alert').first().waitFor();
      await expect(tab.getByRole('textbox', { name: /^Link to the recording/ }).getAttribute('aria-invalid')).resolves.toBe('true');
      await tab.getByRole('textbox', { name: /^Link to the recording/ }).fill('https://example.org/v/well-being');
      await tab.getByRole('button', { name: 'Publish' }).click();
      await tab.getByRole('status').filter({ hasText: '“Well-being at work” is published.' }).waitFor();
      await page.mouse.move(0, 0);
      await shot('publish-en-contrast');
      expect(await axeViolations()).toEqual([]);
      const { rows } = await t.database.pool.query<{ speakers: unknown }>('SELECT speakers FROM recordings WHERE title = $1', ['Well-being at work']);
      expect(rows).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'my meetings and the communities fit a phone\'s width (English)',
    async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      try {
        const tab = await openTab(community.members[0]?.user.aadObjectId ?? '', 'en-US', 'default', 'meetings');
        await tab.locator('li[data-meeting]').first().waitFor();
        expect(await evaluateInTab(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
        await shot('meetings-en-mobile');
        expect(await axeViolations()).toEqual([]);
        await tab.getByRole('tab', { name: 'Communities' }).click();
        await tab.getByRole('heading', { name: 'All communities' }).waitFor();
        await tab.getByRole('heading', { name: 'Cloud computing' }).waitFor();
        expect(await evaluateInTab(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      } finally {
        await page.setViewportSize({ width: 1100, height: 900 });
      }
    },
    SLOW,
  );

  it(
    'the public page needs no token: public recordings only, searchable without accents, how to join, French by default and English on request; HTML stays text',
    async () => {
      const apiCalls: { url: string; authorization: string | undefined }[] = [];
      const listener = (request: { url(): string; headers(): Record<string, string> }) => {
        if (request.url().includes('/api/')) apiCalls.push({ url: request.url(), authorization: request.headers().authorization });
      };
      page.on('request', listener);
      try {
        await page.goto(`${t.app.url()}/public?lang=fr`);
        await page.getByRole('heading', { name: 'Enregistrements des communautés de pratique' }).waitFor();
        await page.getByRole('link', { name: 'Gouvernance des coûts infonuagiques' }).waitFor();
        await expect(page.getByRole('link', { name: "Landing zones : retour d'expérience" }).count()).resolves.toBe(0); // members only
        await page.getByText('« rejoindre Infonuagique »', { exact: false }).waitFor();
        await page.getByRole('heading', { name: XSS_TITLE }).waitFor();
        await page.locator('li[data-recording]').getByText(XSS_SPEAKER).waitFor();
        await page.getByRole('heading', { name: new RegExp(XSS_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
        await shot('public-fr');
        expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
        await page.evaluate(AXE);
        const result = await page.evaluate(() => (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] }));
        expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

        await page.getByRole('link', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Communities of practice recordings' }).waitFor();
        await page.getByRole('searchbox', { name: 'Search the recordings' }).fill('securite');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.locator('[data-results]').filter({ hasText: /^1 to 1 of 1$/ }).waitFor();
        await page.getByRole('link', { name: 'Sécurité des données personnelles' }).waitFor();
        await page.getByText('“join Cloud computing”', { exact: false }).waitFor();
        await shot('public-en');
      } finally {
        page.off('request', listener);
      }
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.every((call) => call.url.includes('/api/public/') && call.authorization === undefined)).toBe(true);
      const body = await callApi(t.app.url(), '/api/public/communities?limit=100');
      expect(JSON.stringify(body.body)).not.toMatch(/memberCount|organisers|Camille/);
    },
    SLOW,
  );

  it('keeps the JavaScript the tab loads under 250 KB gzipped (React\'s production build, Fluent components by name)', () => {
    const html = fs.readFileSync(path.join(ROOT, 'dist', 'tab', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/tab\/assets\/([^"]+\.js)"/g)].map((match) => match[1] ?? '');
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    const gzipped = scripts.reduce((total, file) => total + gzipSync(fs.readFileSync(path.join(ROOT, 'dist', 'tab', 'assets', file)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(250 * 1024);
  });

  it(
    'says so, in the user\'s language, when Teams cannot give a token',
    async () => {
      teamsRefusesTokens = true;
      try {
        viewer = CAMILLE;
        const hostUrl = `${t.app.url()}/__teams-host__/no-token`;
        await page.route(hostUrl, (route) =>
          route.fulfill({ contentType: 'text/html; charset=utf-8', body: teamsHostPage({ tabPath: '/tab/', locale: 'en-US', theme: 'default', tenantId: TENANT_ID, userObjectId: CAMILLE }) }),
        );
        await page.goto(hostUrl);
        await page.frameLocator('#tab').getByRole('alert').filter({ hasText: 'Teams could not give your identity. Close the tab and open it again.' }).waitFor();
      } finally {
        teamsRefusesTokens = false;
      }
    },
    SLOW,
  );

  it(
    'outside Teams (npm start in a browser) offers the development sign-in, then the same views',
    async () => {
      await page.goto(`${t.app.url()}/tab/?lang=fr`);
      await page.getByRole('heading', { name: 'Connexion de développement' }).waitFor();
      await page.getByRole('combobox', { name: 'Personne' }).selectOption({ label: 'Camille Tremblay' });
      await shot('dev-sign-in-fr');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByText('Connecté en tant que Camille Tremblay').waitFor();
      await page.getByRole('heading', { name: 'Toutes les communautés' }).waitFor();
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('heading', { name: 'Connexion de développement' }).waitFor();
      expect((await page.context().cookies()).filter((cookie) => cookie.name === 'cop_dev_session' && cookie.value)).toEqual([]);
    },
    SLOW,
  );
});
