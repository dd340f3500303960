import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { CommandParser } from '../../src/bot/command-parser';
import type { CommandId } from '../../src/bot/command-context';
import { COMMANDS, MANIFEST_COMMANDS } from '../../src/bot/command-registry';
import en from '../../src/i18n/locales/en.json';
import frCA from '../../src/i18n/locales/fr-CA.json';

// @microsoft/app-manifest requires strip-bom 5, which is ESM only: Node 20 loads it through require(esm), Jest's
// CommonJS runtime cannot. Only its read-from-file helpers use it, and these tests never call them.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const ROOT = path.resolve(__dirname, '../..');
const APP_PACKAGE = path.join(ROOT, 'appPackage');
const SCHEMAS = path.join(ROOT, 'node_modules/@microsoft/app-manifest/build/json-schemas');

interface BotCommand {
  title: string;
  description: string;
}
interface CommandList {
  scopes: string[];
  commands: BotCommand[];
}
interface ManifestShape {
  $schema: string;
  version: string;
  name: { short: string; full: string };
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  bots: { scopes: string[]; commandLists: CommandList[] }[];
  validDomains: string[];
  [key: string]: unknown;
}
type Localization = Record<string, string>;

// The committed manifest keeps Agents Toolkit placeholders; the schema wants GUIDs, so tests fill them in.
const TEST_VALUES: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '6f1c2b7e-3d4a-4e8b-9c1d-2a3b4c5d6e7f',
  BOT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  BOT_DOMAIN: 'communities.example.org',
};
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function readText(file: string): string {
  return fs.readFileSync(path.join(APP_PACKAGE, file), 'utf8');
}

function fillPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = TEST_VALUES[name];
    if (value === undefined) throw new Error(`manifest.json uses \${{${name}}}, which this test (and env/.env.*) must provide`);
    return value;
  });
}

function filledManifest(): ManifestShape {
  return JSON.parse(fillPlaceholders(readText('manifest.json'))) as ManifestShape;
}

const englishFile = (): Localization => JSON.parse(readText('en.json')) as Localization;

/** The bundled file a Teams schema URL maps to: validateAgainstSchema reads it instead of fetching the URL. */
function bundledSchemaFile(schemaUrl: string): string {
  const match = /\/json-schemas\/(teams\/v[\d.]+\/[\w.]+\.json)$/.exec(schemaUrl);
  if (!match?.[1]) throw new Error(`not a Teams schema URL: ${schemaUrl}`);
  return path.join(SCHEMAS, match[1]);
}

/**
 * The bundled localization schema with its two activities.activityTypes patterns repaired: they end in an
 * unescaped "\b]" that ajv's unicode regular expressions reject (MicrosoftDocs/msteams-docs#8858);
 * scripts/package-app.js applies the same repair.
 */
function repairedLocalizationSchema(schemaUrl: string): Parameters<typeof AppManifestUtils.validateAgainstSchema>[1] {
  const schema = JSON.parse(fs.readFileSync(bundledSchemaFile(schemaUrl), 'utf8')) as { patternProperties: Record<string, unknown> };
  const patterns = Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]);
  return { ...schema, patternProperties: Object.fromEntries(patterns) } as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
}

/** Resolves a localization key such as "bots[0].commandLists[1].commands[6].title" in the manifest. */
function valueAt(root: unknown, key: string): unknown {
  let node: unknown = root;
  for (const segment of key.split('.')) {
    const [, property, indexes = ''] = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment) ?? [];
    if (property === undefined || typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[property];
    for (const [, index] of indexes.matchAll(/\[(\d+)\]/g)) {
      if (!Array.isArray(node)) return undefined;
      node = node[Number(index)];
    }
  }
  return node;
}

/** The command word(s) of a usage line: "rejoindre <communauté>" → "rejoindre". */
const titleOf = (usage: string): string => usage.replace(/<[^>]*>/g, '').trim();

const parser = new CommandParser(COMMANDS);
function commandIdOf(text: string): CommandId | undefined {
  const parsed = parser.parse(text);
  return parsed.kind === 'command' ? parsed.command.id : undefined;
}

describe('Teams app manifest', () => {
  it('names a schema bundled with @microsoft/app-manifest, so validation never needs the network', () => {
    const manifest = filledManifest();
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json');
    expect(fs.existsSync(bundledSchemaFile(manifest.$schema))).toBe(true);
  });

  it('validates against the official schema once the placeholders are filled', async () => {
    expect(await AppManifestUtils.validateAgainstSchema(filledManifest() as unknown as AppManifest)).toEqual([]);
  });

  it('is rejected by the schema when a command title is too long or an id is left as a placeholder', async () => {
    const broken = filledManifest();
    const firstList = broken.bots[0]?.commandLists[0];
    if (!firstList?.commands[0]) throw new Error('the manifest has no command');
    firstList.commands[0].title = 'une commande bien trop longue pour Teams';
    broken.id = '${{TEAMS_APP_ID}}';

    const errors = await AppManifestUtils.validateAgainstSchema(broken as unknown as AppManifest);

    expect(errors).toContainEqual(expect.stringMatching(/^\/bots\/0\/commandLists\/0\/commands\/0\/title must NOT have more than 32 characters/));
    expect(errors).toContainEqual(expect.stringMatching(/^\/id must match pattern/));
  });

  it('has a MAJOR.MINOR.PATCH version, which the schema describes but does not enforce', () => {
    expect(filledManifest().version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
  });

  it('speaks French by default, with English in en.json, under the names the bot uses', () => {
    const manifest = filledManifest();
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('fr-ca');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'en', file: 'en.json' }]);
    expect(manifest.name.short).toBe(frCA.app.name);
    expect(englishFile()['name.short']).toBe(en.app.name);
  });
});

describe('Teams app command lists', () => {
  const lists = (): CommandList[] => filledManifest().bots[0]?.commandLists ?? [];

  it('offer the commands in personal chats and in teams', () => {
    expect(lists().map((list) => list.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
  });

  it('hold at most 10 commands each, the schema v1.19 limit; the registry keeps the others out with inManifest: false', () => {
    expect(MANIFEST_COMMANDS.length).toBeLessThanOrEqual(10);
    for (const list of lists()) expect(list.commands.length).toBeLessThanOrEqual(10);
    const hidden = COMMANDS.filter((command) => !MANIFEST_COMMANDS.includes(command));
    // Only organiser commands may be left out: everyone's commands must be discoverable in the compose box.
    expect(hidden.every((command) => command.audience === 'organisers' && command.inManifest === false)).toBe(true);
  });

  it('list every manifest command of the registry in registry order, with the French usage word and description', () => {
    const expected = MANIFEST_COMMANDS.map(({ id }) => ({ title: titleOf(frCA.commands[id].usage), description: frCA.commands[id].description }));
    for (const list of lists()) expect(list.commands).toEqual(expected);
  });

  it('use titles the command parser resolves to the same command', () => {
    for (const list of lists()) {
      expect(list.commands.map((command) => commandIdOf(command.title))).toEqual(MANIFEST_COMMANDS.map((command) => command.id));
    }
  });

  it('are translated in en.json with the English usage words, which the parser also resolves to the same command', () => {
    const english = englishFile();
    lists().forEach((list, l) => {
      const titles = list.commands.map((_command, c) => english[`bots[0].commandLists[${l}].commands[${c}].title`] ?? '');
      const descriptions = list.commands.map((_command, c) => english[`bots[0].commandLists[${l}].commands[${c}].description`]);
      expect(titles).toEqual(MANIFEST_COMMANDS.map(({ id }) => titleOf(en.commands[id].usage)));
      expect(descriptions).toEqual(MANIFEST_COMMANDS.map(({ id }) => en.commands[id].description));
      expect(titles.map(commandIdOf)).toEqual(MANIFEST_COMMANDS.map((command) => command.id));
    });
  });
});

describe('Teams app English localization (en.json)', () => {
  it('validates against the bundled localization schema', async () => {
    const english = englishFile();
    const schemaUrl = english.$schema ?? '';
    expect(schemaUrl).toBe('https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.Localization.schema.json');

    const errors = await AppManifestUtils.validateAgainstSchema(english as unknown as AppManifest, repairedLocalizationSchema(schemaUrl));

    expect(errors).toEqual([]);
  });

  it('is rejected by that schema when a key is not a translatable manifest path', async () => {
    const english: Localization = { ...englishFile(), 'bots[0].commandLists[0].commands[0].titre': 'help' };

    const errors = await AppManifestUtils.validateAgainstSchema(english as unknown as AppManifest, repairedLocalizationSchema(english.$schema ?? ''));

    expect(errors).toContainEqual(expect.stringMatching(/must NOT have additional properties.*"additionalProperty":"bots\[0\]\.commandLists\[0\]\.commands\[0\]\.titre"/));
  });

  it('translates only strings that exist in the manifest, and all of them', () => {
    const manifest = filledManifest();
    const keys = Object.keys(englishFile()).filter((key) => key !== '$schema');
    for (const key of keys) expect([key, typeof valueAt(manifest, key)]).toEqual([key, 'string']);

    const commandKeys = (manifest.bots[0]?.commandLists ?? []).flatMap((list, l) =>
      list.commands.flatMap((_command, c) => ['title', 'description'].map((field) => `bots[0].commandLists[${l}].commands[${c}].${field}`)),
    );
    expect(keys.sort()).toEqual(['name.short', 'name.full', 'description.short', 'description.full', 'staticTabs[0].name', ...commandKeys].sort());
  });
});

interface StaticTab {
  entityId: string;
  name: string;
  contentUrl: string;
  websiteUrl: string;
  scopes: string[];
  context: string[];
}

describe('Teams app personal tab', () => {
  const tab = (): StaticTab => {
    const tabs = filledManifest().staticTabs as StaticTab[];
    expect(tabs).toHaveLength(1);
    return tabs[0] as StaticTab;
  };

  it('is one personal static tab named « Communautés » (Communities in en.json)', () => {
    expect(tab()).toMatchObject({ entityId: 'communities', name: 'Communautés', scopes: ['personal'], context: ['personalTab'] });
    expect(englishFile()['staticTabs[0].name']).toBe('Communities');
  });

  it('loads /tab/ from the app\'s own domain, asking Teams for the locale and theme in the URL, and opens the public page in a browser', () => {
    const content = new URL(tab().contentUrl);
    expect(content.protocol).toBe('https:');
    expect(content.host).toBe(TEST_VALUES.BOT_DOMAIN);
    // The route src/http/tab-static-routes.ts serves the tab at (no-cache, framable by Teams).
    expect(content.pathname).toBe('/tab/');
    expect(Object.fromEntries(content.searchParams)).toEqual({ entity: 'communities', locale: '{locale}', theme: '{theme}' });
    expect(tab().websiteUrl).toBe(`https://${TEST_VALUES.BOT_DOMAIN}/public`);
  });

  it('lists the tab\'s domain in validDomains, and names the SSO app: the client id and api://<domain>/<client id>', () => {
    const manifest = filledManifest();
    expect(manifest.validDomains).toContain(new URL(tab().contentUrl).host);
    expect(manifest.webApplicationInfo).toEqual({ id: TEST_VALUES.BOT_ID, resource: `api://${TEST_VALUES.BOT_DOMAIN}/${TEST_VALUES.BOT_ID}` });
  });
});

describe('Teams app icons', () => {
  const readPng = (file: string): PNG => PNG.sync.read(fs.readFileSync(path.join(APP_PACKAGE, file)));

  it('has a 192×192 colour icon', () => {
    const color = readPng('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
  });

  it('has a 32×32 outline icon drawn only in white on a transparent background', () => {
    const outline = readPng('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.data[3]).toBe(0);

    const pixels = Array.from({ length: outline.width * outline.height }, (_pixel, i) => [...outline.data.subarray(i * 4, i * 4 + 4)]);
    const notWhite = pixels.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255));
    expect(notWhite).toEqual([]);
    expect(pixels.filter(([, , , a]) => a === 255).length).toBeGreaterThan(50);
  });
});

describe('scripts/package-app.js', () => {
  const run = promisify(execFile);
  let workDir: string;

  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterEach(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function packageApp(environment: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = ['scripts/package-app.js', 'test', '--out', path.join(workDir, 'out'), '--env-dir', workDir];
    // Only PATH is inherited, so a TEAMS_APP_ID in the developer's shell cannot change the outcome.
    const options = { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...environment } };
    try {
      const { stdout, stderr } = await run(process.execPath, args, options);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
    }
  }

  it('zips the filled manifest, en.json and both icons, reading env/.env.<env> and letting the environment win', async () => {
    fs.writeFileSync(
      path.join(workDir, '.env.test'),
      `# written by manifest.test.ts\nTEAMS_APP_ID=${TEST_VALUES.TEAMS_APP_ID}\nBOT_ID="${TEST_VALUES.BOT_ID}"\nBOT_DOMAIN=from-file.example.org\n`,
    );

    const result = await packageApp({ BOT_DOMAIN: 'from-environment.example.org' });

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const zip = new AdmZip(path.join(workDir, 'out', 'appPackage.test.zip'));
    expect(zip.getEntries().map((entry) => entry.entryName).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const manifestText = zip.readAsText('manifest.json');
    expect(manifestText).not.toContain('${{');
    expect(zip.readAsText('en.json')).not.toContain('${{');
    const manifest = JSON.parse(manifestText) as ManifestShape;
    expect(manifest.id).toBe(TEST_VALUES.TEAMS_APP_ID);
    expect(manifest.validDomains).toEqual(['from-environment.example.org']);
    expect(zip.readFile('outline.png')).toEqual(fs.readFileSync(path.join(APP_PACKAGE, 'outline.png')));
  });

  it('refuses, naming the variable, when a value is missing', async () => {
    const result = await packageApp({ TEAMS_APP_ID: TEST_VALUES.TEAMS_APP_ID ?? '', BOT_ID: TEST_VALUES.BOT_ID ?? '' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^package-app: Missing value for BOT_DOMAIN: set it in .*\.env\.test \(not found\) or in the environment\./);
    expect(fs.existsSync(path.join(workDir, 'out'))).toBe(false);
  });
});
