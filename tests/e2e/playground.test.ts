import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { type App, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { type Database, openDatabase } from '../../src/storage/database';
import { DEMO_TENANT_ID } from '../../src/storage/demo-data';

/**
 * The whole local trial, as a person does it: the real app (in-process, in-memory database with the
 * demo communities), the Microsoft 365 Agents Playground CLI in front of it, and its web UI driven in
 * headless Chromium. Teams itself is the only thing left out.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const PLAYGROUND_CLI = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
/** currentUser of .m365agentsplayground.yml: Camille Tremblay, organiser but not yet a member of Infonuagique. */
const CAMILLE = '6f4a9c2e-3b1d-4e8a-9f00-00000000a001';
const SLOW = 120_000;
const CARD = '.ac-adaptiveCard';

describe('trying the bot in the Microsoft 365 Agents Playground', () => {
  let database: Database | undefined;
  let app: App | undefined;
  let playground: ChildProcess | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cop-playground-e2e-'));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}; this test drives the playground's web UI with it. ` +
          'Install it with `node scripts/ensure-system-deps.js` (or `apt-get install -y chromium` as root).',
      );
    }
    database = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', TEAMS_APP_TENANT_ID: DEMO_TENANT_ID, DEMO_DATA: 'true' });
    expect(config.demoData).toBe(true);
    app = await buildApp(config, { database, logger: pino({ level: 'silent' }) });
    await app.start();

    const started = await startPlayground(`${app.url()}/api/messages`, scratch);
    playground = started.child;

    browser = await chromium.launchPersistentContext(path.join(scratch, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1100 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    // The UI asks for Office CDN fonts; keep the test offline and deterministic.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
    await page.goto(started.url);
    // Loading the page installs the bot in the personal chat: its welcome card proves the round trip works.
    await page.locator(CARD).first().waitFor({ timeout: 30_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, SLOW);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (playground) await stopChild(playground);
    await app?.stop();
    await database?.close();
    rmSync(scratch, { recursive: true, force: true });
  }, SLOW);

  it(
    'lists the communities on "communautés", and "Rejoindre" refreshes the card with a welcome and a "Quitter" button',
    async () => {
      await send(page, 'communautés');
      // The list intro appears only in the list card, never in the welcome card sent on page load.
      const listCard = page.locator(CARD).filter({ hasText: 'Choisissez une communauté à rejoindre' }).last();
      await listCard.waitFor();

      await communityBlock(listCard, 'Infonuagique').getByRole('button', { name: 'Rejoindre', exact: true }).click();

      const refreshed = page.locator(CARD).filter({ hasText: 'Bienvenue ! Vous êtes maintenant membre de « Infonuagique ».' }).last();
      await refreshed.waitFor();
      const infonuagique = communityBlock(refreshed, 'Infonuagique');
      await expect(infonuagique.getByRole('button', { name: 'Quitter', exact: true }).isEnabled()).resolves.toBe(true);
      await expect(infonuagique.getByRole('button', { name: 'Rejoindre', exact: true }).count()).resolves.toBe(0);
      await expect(infonuagique.getByText('✔ Vous êtes membre').isVisible()).resolves.toBe(true);
      await page.mouse.move(0, 0); // the pointer left on the clicked button would show it hovered
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-communities.png') });

      const { rows } = await database!.pool.query<{ tenant_id: string }>(
        `SELECT m.tenant_id FROM memberships m JOIN communities c ON c.id = m.community_id
          WHERE c.slug = 'infonuagique' AND m.aad_object_id = $1 AND m.left_at IS NULL`,
        [CAMILLE],
      );
      expect(rows).toEqual([{ tenant_id: DEMO_TENANT_ID }]);
    },
    SLOW,
  );

  it(
    'answers "aide" with the help card in French, listing the commands',
    async () => {
      await send(page, 'aide');
      const helpCard = page.locator(CARD).filter({ hasText: 'Ce que je peux faire' }).last();
      await helpCard.waitFor();
      for (const usage of ['communautés', 'rejoindre <communauté>', 'quitter <communauté>', 'mes communautés']) {
        await expect(helpCard.getByText(usage, { exact: true }).count()).resolves.toBe(1);
      }
      await expect(helpCard.getByRole('button', { name: 'Toutes les communautés' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-help.png') });
    },
    SLOW,
  );

  it(
    '"nouvelle-communauté" opens the form card; filled in and submitted, it creates the community',
    async () => {
      await send(page, 'nouvelle-communauté');
      const form = page.locator(CARD).filter({ hasText: 'Nouvelle communauté de pratique' }).last();
      await form.waitFor();
      await form.getByLabel('Nom en français').fill('Accessibilité numérique');
      await form.getByLabel('Nom en anglais').fill('Digital accessibility');
      await form.getByLabel('Résumé en français (une ou deux phrases)').fill('Des services numériques que tout le monde peut utiliser.');
      await form.getByLabel('Résumé en anglais').fill('Digital services everyone can use.');
      await form.getByRole('button', { name: 'Créer la communauté' }).click();
      await page.locator(CARD).filter({ hasText: 'Accessibilité numérique' }).filter({ hasNotText: 'Nouvelle communauté de pratique' }).last().waitFor();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-new-community.png') });

      const { rows } = await database!.pool.query<{ status: string; name_en: string }>(
        "SELECT status, name_en FROM communities WHERE name_fr = 'Accessibilité numérique'",
      );
      expect(rows).toEqual([{ status: 'en_preparation', name_en: 'Digital accessibility' }]);
    },
    SLOW,
  );

  it(
    '"lancer automatisations" shows the progress card, updated in place until the team is ready in the offline Graph',
    async () => {
      await send(page, 'lancer automatisations');
      const progress = page.locator(CARD).filter({ hasText: 'Équipe Teams de « Automatisations »' }).last();
      await progress.waitFor();
      await page.locator(CARD).filter({ hasText: "C'est prêt !" }).last().waitFor({ timeout: 90_000
});

      const ready = page.locator(CARD).filter({ hasText: "C'est prêt !" }).last();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-provisioning.png') });
      // Action.OpenUrl is rendered outside the card body's text container; look for it in the whole page.
      await expect(page.getByText("Ouvrir l'équipe dans Teams", { exact: true }).count()).resolves.toBe(1);
      await expect(ready.getByText('Terminé').count()).resolves.toBe(4);

      const teams = app!.offlineGraph?.sandbox.state.teams ?? [];
      expect(teams.map((team) => team.displayName)).toEqual(['Automatisations']);
      const { rows } = await database!.pool.query<{ status: string; team_id: string }>(
        "SELECT status, team_id FROM communities WHERE slug = 'automatisations'",
      );
      expect(rows).toEqual([{ status: 'active', team_id: teams[0]?.id }]);
    },
    SLOW,
  );

  describe('an organiser schedules a meeting and answers its invitation', () => {
    const title = 'Rencontre annuelle 2027 : FinOps et durabilité';
    /** The meeting's number (n° 2), read from the scheduled card. */
    let number = '';

    it(
      '"planifier infonuagique" opens the form card prefilled for an official meeting',
      async () => {
        await send(page, 'planifier infonuagique');
        const form = meetingForm(page);
        await form.waitFor();
        await expect(form.getByLabel('Titre *', { exact: true }).isVisible()).resolves.toBe(true);
        await expect(form.getByLabel('Lieu (en personne et hybride)').inputValue()).resolves.toBe('Cœur des sciences, complexe Pierre-Dansereau');
        // The card says 09:00 and 13:00; the playground's Input.Time (a Fluent UI TimePicker) shows a 12-hour clock.
        await expect(form.getByLabel(/^Début \*/).inputValue()).resolves.toBe('9:00 AM');
        await expect(form.getByLabel(/^Fin \*/).inputValue()).resolves.toBe('1:00 PM');
        // The form is taller than the window: a taller one for this picture shows it whole.
        const height = Math.ceil((await form.boundingBox())?.height ?? 0);
        await page.setViewportSize({ width: 1400, height: Math.max(1100, height + 250) });
        await screenshotCard(form, 'meeting-form.png');
        await page.setViewportSize({ width: 1400, height: 1100 });
      },
      SLOW,
    );

    it(
      'filled in and submitted with "Planifier la rencontre", the form becomes the scheduled card with its number',
      async () => {
        const form = meetingForm(page);
        await form.getByLabel('Titre *', { exact: true }).fill(title);
        // The playground renders Input.Date as a Fluent UI DatePicker (a text combobox, not <input type="date">);
        // the ISO date typed into it is what the card sends.
        await form.getByLabel('Date *', { exact: true }).fill('2027-03-16');
        await form.getByRole('button', { name: 'Planifier la rencontre', exact: true }).click();

        const scheduled = page.locator(CARD).filter({ hasText: /Rencontre n° \d+ planifiée/ }).last();
        await scheduled.waitFor();
        const text = await scheduled.innerText();
        expect(text).toContain(title);
        number = /Rencontre n° (\d+) planifiée/.exec(text)?.[1] ?? '';
        expect(number).toMatch(/^\d+$/);
        await screenshotCard(scheduled, 'meeting-scheduled.png');

        const { rows } = await database!.pool.query<{ title_fr: string; starts_at: Date }>(
          `SELECT m.title_fr, m.starts_at FROM meetings m JOIN communities c ON c.id = m.community_id
            WHERE c.slug = 'infonuagique' AND m.title_fr = $1`,
          [title],
        );
        // 9:00 in Montréal on March 16, 2027 (Eastern Daylight Time since March 14) is 13:00 UTC.
        expect(rows.map((row) => row.starts_at.toISOString())).toEqual(['2027-03-16T13:00:00.000Z']);
      },
      SLOW,
    );

    it(
      'the 1:1 invitation arrives in the chat; "Je viens en personne" replaces the card with the confirmed seat',
      async () => {
        // Camille is a member since the first test's "Rejoindre"; the outbox sends her invitation to this chat.
        const invitation = page
          .locator(CARD)
          .filter({ hasText: title })
          .filter({ has: page.getByRole('button', { name: 'Je viens en personne', exact: true }) })
          .last();
        await invitation.waitFor({ timeout: 60_000 });
        await expect(invitation.getByText("Vous n'avez pas encore répondu.").count()).resolves.toBe(1);
        await invitation.getByText('végétarien', { exact: true }).click();
        await invitation.getByRole('button', { name: 'Je viens en personne', exact: true }).click();

        const answered = page.locator(CARD).filter({ hasText: title }).filter({ hasText: 'En personne : votre place est confirmée.' }).last();
        await answered.waitFor();
        await expect(answered.getByText('Votre réponse est enregistrée.').count()).resolves.toBe(1);
        await expect(answered.getByText('Vous prenez le dîner.').count()).resolves.toBe(1);
        await screenshotCard(answered, 'meeting-rsvp.png');

        // It came through the outbox, proactively, to the conversation the playground opened for her.
        const { rows } = await database!.pool.query<{ status: string; conversation_id: string }>(
          "SELECT status, conversation_id FROM outbox_messages WHERE category = 'invitation' AND recipient_aad_object_id = $1 AND content->>'meetingId' = $2",
          [CAMILLE, number],
        );
        expect(rows).toEqual([{ status: 'sent', conversation_id: 'personal-chat-camille-tremblay' }]);
      },
      SLOW,
    );

    it(
      '"bilan <n°>" shows her in person, one lunch and her dietary need',
      async () => {
        await send(page, `bilan ${number}`);
        const summary = page.locator(CARD).filter({ hasText: `Bilan — ${title}` }).last();
        await summary.waitFor();
        const text = await summary.innerText();
        expect(text).toMatch(/En personne, place confirmée \(1\)\s*• Camille Tremblay\n/);
        expect(text).toContain('1 dîner à prévoir');
        expect(text).toContain('Camille Tremblay : végétarien');
        await screenshotCard(summary, 'meeting-summary.png');
      },
      SLOW,
    );
  });
});

/** The whole window, with the card at the top of the chat and the pointer off any button (it would show hovered). */
async function screenshotCard(card: Locator, name: string): Promise<void> {
  await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await card.page().mouse.move(0, 0);
  await card.page().screenshot({ path: path.join(SCREENSHOTS, name) });
}

/** The last meeting form card in the chat (its title names the community). */
function meetingForm(page: Page): Locator {
  return page.locator(CARD).filter({ hasText: 'Planifier une rencontre — Infonuagique' }).last();
}

async function send(page: Page, text: string): Promise<void> {
  // The compose box is the editable div; cards' Input.Text are textboxes too.
  const box = page.locator('[role="textbox"][contenteditable="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * One community's block in the list card: the innermost card container holding both its name and its
 * buttons. Containers nest, and in document order an ancestor comes before its descendants, so the
 * innermost match is the last one.
 */
function communityBlock(card: Locator, name: string): Locator {
  return card
    .locator('.ac-container')
    .filter({ has: card.page().getByRole('paragraph').filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .filter({ has: card.page().locator('.ac-actionSet') })
    .last();
}

interface StartedPlayground {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts the playground CLI on a free port (`-p 0`: it picks one) and waits until it listens. */
function startPlayground(botEndpoint: string, scratch: string): Promise<StartedPlayground> {
  const child = spawn(
    process.execPath,
    [PLAYGROUND_CLI, 'start', '--disable-telemetry', '-e', botEndpoint, '-c', 'msteams', '-p', '0'],
    {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(scratch, 'playground.log'),
        TEAMSAPPTESTER_BROWSER: 'none',
      },
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the playground did not start listening within 30 s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nplayground output:\n${output}\n${readLog(scratch)}`));
    };
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the playground exited early (${signal ?? `exit code ${code}`})`)));
    child.stdout?.on('data', () => {
      const match = /Listening on (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: `http://127.0.0.1:${match[1]}/` });
    });
  });
}

function readLog(scratch: string): string {
  const file = path.join(scratch, 'playground.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-4000) : '';
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
