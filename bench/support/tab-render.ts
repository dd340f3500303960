import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { TENANT_ID } from '../../tests/support/teams-activities';
import { teamsHostPage } from '../../tests/support/teams-host-page';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;
/** Runs in the browser (a string: this file is compiled without the DOM library). */
const FIRST_CARD_WATCH = `new MutationObserver((_, observer) => {
  if (document.querySelector('h3')) { window.__firstCardMs = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;

export interface RenderFigures {
  /** JavaScript files the tab loaded. */
  readonly scripts: number;
  readonly jsKb: number;
  /** Their size gzipped (level 9, as a server or CDN would send them). */
  readonly jsGzipKb: number;
  readonly runs: number;
  /** Each cold load: from the tab frame's navigation start to the first community card in it. */
  readonly renderMs: readonly number[];
  readonly medianMs: number;
  /** The same, counted from navigating to the Teams-like host page (the host's own load included). */
  readonly totalMedianMs: number;
}

/**
 * The tab in headless Chromium as Teams hosts it (tests/support/teams-host-page.ts: an iframe whose parent
 * answers teams-js — initialize, context, getAuthToken with a token signed by the test key). Each run is a
 * new browser context (no cache), timed from the tab frame's navigation start (its performance time origin) to
 * the first community card (an h3 in the list): the bundle loaded, teams-js started, the token obtained,
 * /api/communities answered and rendered. The time from the host page's own navigation is reported beside it.
 */
export async function measureRender(appUrl: string, token: () => Promise<string>, _folder: string): Promise<RenderFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const times: number[] = [];
    const totals: number[] = [];
    const scripts = new Map<string, Buffer>();
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
      await page.exposeFunction('teamsHostToken', token);
      // In every frame, before its scripts: note when the first h3 (a community card) enters the document.
      await page.addInitScript(FIRST_CARD_WATCH);
      const hostUrl = `${appUrl}/__teams-host__/${run}`;
      await page.route(hostUrl, (route) =>
        route.fulfill({ contentType: 'text/html; charset=utf-8', body: teamsHostPage({ tabPath: '/tab/?entity=communities', locale: 'fr-CA', theme: 'default', tenantId: TENANT_ID, userObjectId: 'bench' }) }),
      );
      page.on('response', (response) => {
        const url = response.url();
        if (run === 0 && /\/tab\/.*\.js(\?|$)/.test(url)) void response.body().then((body) => scripts.set(url, body));
      });
      const started = performance.now();
      await page.goto(hostUrl);
      await page.frameLocator('#tab').locator('main h3, [role="main"] h3, h3').first().waitFor({ timeout: 30_000 });
      totals.push(performance.now() - started);
      // The tab's own time: from its frame's navigation (its time origin) to the card, as Teams would see it.
      const frame = page.frame({ url: /\/tab\// });
      times.push(await frame!.evaluate<number>('window.__firstCardMs ?? performance.now()'));
      if (process.env.TAB_RENDER_TRACE) {
        const frame = page.frame({ url: /\/tab\// });
        const trace = await frame?.evaluate(() => JSON.stringify(performance.getEntries().map((e) => [e.name.replace(/^.*\/\/[^/]+/, ''), Math.round(e.startTime), Math.round(e.duration)])));
        process.stdout.write(`trace ${trace}\n`);
      }
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    const bodies = [...scripts.values()];
    return {
      scripts: bodies.length,
      jsKb: bodies.reduce((sum, b) => sum + b.length, 0) / 1024,
      jsGzipKb: bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0) / 1024,
      runs: RUNS,
      renderMs: times,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      totalMedianMs: [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)] ?? Number.NaN,
    };
  } finally {
    await browser.close();
  }
}
