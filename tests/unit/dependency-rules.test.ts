import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** Runs the project's dependency rules (.dependency-cruiser.cjs) on a made-up tree and returns the rules it broke. */
function brokenRules(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cop-deps-'));
  try {
    copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const roots = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? file))];
    const run = spawnSync(process.execPath, [DEPCRUISE, ...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (!run.stdout) throw new Error(`dependency-cruiser printed no report: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string } }[] } };
    return [...new Set(report.summary.violations.map((v) => v.rule.name))].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the layering rules that npm test enforces (dependency-cruiser)', () => {
  it('accept a tree whose arrows point inward', () => {
    expect(
      brokenRules({
        'src/domain/ports.ts': 'export interface Clock { now(): Date }\n',
        'src/application/join.ts': "import type { Clock } from '../domain/ports';\nexport const join = (c: Clock) => c.now();\n",
        'src/bot/join-command.ts': "import { join } from '../application/join';\nexport const run = () => join({ now: () => new Date() });\n",
        'src/storage/clock-store.ts': "import type { Clock } from '../domain/ports';\nexport const stored: Clock = { now: () => new Date() };\n",
        'src/app.ts': "import { run } from './bot/join-command';\nimport { stored } from './storage/clock-store';\nimport { start } from '../sandbox/offline-graph';\nexport const go = () => [run(), stored.now(), start()];\n",
        'sandbox/offline-graph.ts': 'export const start = () => 1;\n',
      }),
    ).toEqual([]);
  });

  it('refuse an import cycle, the domain importing an adapter, and one adapter importing another', () => {
    expect(
      brokenRules({
        'src/bot/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
        'src/bot/b.ts': "import { a } from './a';\nexport const b = (): unknown => a;\n",
        'src/domain/rules.ts': "import { store } from '../storage/store';\nexport const rule = store;\n",
        'src/storage/store.ts': 'export const store = 1;\n',
        'src/jobs/job.ts': "import { store } from '../storage/store';\nexport const job = store;\n",
      }),
    ).toEqual(['adapters-do-not-import-each-other', 'domain-is-pure', 'no-circular']);
  });

  it('keep the sandbox out of src/ except through app.ts, and the application layer off the adapters', () => {
    expect(
      brokenRules({
        'src/graph/client.ts': "import { fake } from '../../sandbox/graph/fake';\nexport const client = fake;\n",
        'sandbox/graph/fake.ts': 'export const fake = 1;\n',
        'src/application/use-case.ts': "import { store } from '../storage/store';\nexport const useCase = store;\n",
        'src/storage/store.ts': 'export const store = 1;\n',
        'src/app.ts': "import { fake } from '../sandbox/graph/fake';\nexport const app = fake;\n",
      }),
    ).toEqual(['app-starts-offline-mode-only', 'application-uses-domain-only', 'only-app-wires-the-sandbox']);
  });

  it('let calendar/ word its files with i18n/ but keep it off the other adapters', () => {
    expect(
      brokenRules({
        'src/calendar/ics.ts': "import { words } from '../i18n/words';\nimport { rule } from '../domain/rule';\nexport const ics = [words, rule];\n",
        'src/i18n/words.ts': 'export const words = 1;\n',
        'src/domain/rule.ts': 'export const rule = 1;\n',
      }),
    ).toEqual([]);
    expect(
      brokenRules({
        'src/calendar/ics.ts': "import { store } from '../storage/store';\nexport const ics = store;\n",
        'src/storage/store.ts': 'export const store = 1;\n',
      }),
    ).toEqual(['adapters-do-not-import-each-other']);
  });

  it('keep the offline Bot Connector off the app and off the Graph sandbox', () => {
    expect(
      brokenRules({
        'sandbox/bot-connector/index.ts':
          "import { limits } from '../../src/graph/teams-limits';\nimport { fake } from '../graph/fake';\nimport { own } from './own';\nexport const c = [limits, fake, own];\n",
        'sandbox/bot-connector/own.ts': 'export const own = 1;\n',
        'sandbox/graph/fake.ts': 'export const fake = 1;\n',
        'src/graph/teams-limits.ts': 'export const limits = 1;\n',
      }),
    ).toEqual(['bot-connector-stands-alone']);
  });

  it('let the tab know the server only by the API contract\'s types, and keep the server off the tab\'s sources', () => {
    expect(
      brokenRules({
        'src/tab/view.ts': "import type { Page } from '../http/tab-api-contract';\nexport type Shown = Page<string>;\n",
        'src/http/tab-api-contract.ts': 'export interface Page<T> { items: T[] }\nexport const LIMIT = 20;\n',
      }),
    ).toEqual([]);
    expect(
      brokenRules({
        'src/tab/view.ts': "import { LIMIT } from '../http/tab-api-contract';\nimport { secret } from '../config/config';\nexport const v = [LIMIT, secret];\n",
        'src/http/tab-api-contract.ts': 'export const LIMIT = 20;\n',
        'src/config/config.ts': "import { v } from '../tab/view';\nexport const secret = 's';\nexport const again = v;\n",
      }),
    ).toEqual(expect.arrayContaining(['the-server-never-imports-the-tab', 'the-tab-imports-the-contract-as-types', 'the-tab-reaches-the-server-over-http-only']));
  });
});
