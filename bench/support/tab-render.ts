import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { TENANT_ID } from '../../tests/support/teams-activities';
import { teamsHostPage } from '../../tests/support/teams-host-page';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;

export interface RenderFigures {
  /** JavaScript files the tab loaded. */
  readonly scripts: number;
  readonly jsKb: number;
  /** Their size gzipped (level 9, as a server or CDN would send them). */
  readonly jsGzipKb: number;
  readonly runs: number;
  /** Each cold load: from navigating to the Teams-like host page to the first community card in the tab. */
  readonly renderMs: readonly number[];
  readonly medianMs: number;
}

/**
 * The tab in headless Chromium as Teams hosts it (tests/support/teams-host-page.ts: an iframe whose parent
 * answers teams-js — initialize, context, getAuthToken with a token signed by the test key). Each run is a
 * new browser context (no cache), timed from navigation to the first community card (an h3 in the list):
 * teams-js started, the token obtained, /api/communities answered and rendered.
 */
export async function measureRender(appUrl: string, token: () => Promise<string>, _folder: string): Promise<RenderFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const times: number[] = [];
    const scripts = new Map<string, Buffer>();
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
      await page.exposeFunction('teamsHostToken', token);
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
      times.push(performance.now() - started);
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
    };
  } finally {
    await browser.close();
  }
}
