// Builds the Teams app package for one environment: appPackage/build/appPackage.<env>.zip holding
// manifest.json (every ${{NAME}} placeholder replaced), color.png, outline.png and en.json
// (teams-graph-facts §9: a package is the manifest and its icons, zipped, with the localization files beside them).
//
// Usage: node scripts/package-app.js <env> [--out <dir>] [--env-dir <dir>]
// Values come, as in Agents Toolkit, from env/.env.<env> then env/.env.<env>.user (git-ignored secrets);
// a variable already set in the process environment wins over both, as with dotenv.
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');
const { parseEnv } = require('node:util');
const AdmZip = require('adm-zip');
const { AppManifestUtils } = require('@microsoft/app-manifest');

const ROOT = path.resolve(__dirname, '..');
const APP_PACKAGE = path.join(ROOT, 'appPackage');
const ICONS = ['color.png', 'outline.png'];
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

class PackagingError extends Error {}

function parseArguments(argv) {
  const options = { env: undefined, outDir: path.join(APP_PACKAGE, 'build'), envDir: path.join(ROOT, 'env') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg === '--env-dir') {
      const value = argv[++i];
      if (!value) throw new PackagingError(`${arg} needs a directory.`);
      options[arg === '--out' ? 'outDir' : 'envDir'] = path.resolve(value);
    } else if (options.env === undefined && !arg.startsWith('-')) {
      options.env = arg;
    } else {
      throw new PackagingError(`Unexpected argument "${arg}".`);
    }
  }
  if (!options.env) throw new PackagingError('Name the environment, e.g. "node scripts/package-app.js dev".');
  if (!/^[A-Za-z0-9_-]+$/.test(options.env)) throw new PackagingError(`"${options.env}" is not a valid environment name.`);
  return options;
}

function loadValues(envDir, env) {
  const files = [`.env.${env}`, `.env.${env}.user`].map((name) => path.join(envDir, name)).filter((file) => fs.existsSync(file));
  const fromFiles = Object.assign({}, ...files.map((file) => parseEnv(fs.readFileSync(file, 'utf8'))));
  return { values: { ...fromFiles, ...process.env }, files };
}

/** Replaces each ${{NAME}} in a JSON text; refuses, naming the variables, when a value is missing or empty. */
function substitute(text, values, describeSources) {
  const missing = new Set();
  const result = text.replace(PLACEHOLDER, (_match, name) => {
    const value = values[name];
    if (value === undefined || value.trim() === '') {
      missing.add(name);
      return '';
    }
    // Escape as a JSON string body, since every placeholder sits inside a JSON string.
    return JSON.stringify(value.trim()).slice(1, -1);
  });
  if (missing.size > 0) {
    const names = [...missing].join(', ');
    throw new PackagingError(`Missing value for ${names}: set ${missing.size === 1 ? 'it' : 'them'} in ${describeSources} or in the environment.`);
  }
  return result;
}

/**
 * The bundled localization schema, repaired: its two activities.activityTypes key patterns end in an unescaped
 * "\b]", which ajv's unicode regular expressions reject ("Lone quantifier brackets"), in every version from 1.8
 * (MicrosoftDocs/msteams-docs#8858).
 */
async function localizationSchema(schemaUrl) {
  const schema = await AppManifestUtils.fetchSchema(schemaUrl);
  const patterns = Object.entries(schema.patternProperties ?? {}).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]);
  return { ...schema, patternProperties: Object.fromEntries(patterns) };
}

function displayPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function packageApp(options) {
  const { values, files } = loadValues(options.envDir, options.env);
  const sources = files.length > 0 ? files.map(displayPath).join(' or ') : `${displayPath(path.join(options.envDir, `.env.${options.env}`))} (not found)`;
  const manifestText = substitute(fs.readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8'), values, sources);
  const localizationText = substitute(fs.readFileSync(path.join(APP_PACKAGE, 'en.json'), 'utf8'), values, sources);

  // Catch a bad value (an id that is not a GUID, say) here rather than at upload time in Teams.
  const localization = JSON.parse(localizationText);
  for (const [file, errors] of [
    ['manifest.json', await AppManifestUtils.validateAgainstSchema(JSON.parse(manifestText))],
    ['en.json', await AppManifestUtils.validateAgainstSchema(localization, await localizationSchema(localization.$schema))],
  ]) {
    if (errors.length > 0) throw new PackagingError(`${file} for "${options.env}" does not match its schema:\n  ${errors.join('\n  ')}`);
  }

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifestText, 'utf8'));
  zip.addFile('en.json', Buffer.from(localizationText, 'utf8'));
  for (const icon of ICONS) zip.addLocalFile(path.join(APP_PACKAGE, icon));

  fs.mkdirSync(options.outDir, { recursive: true });
  const target = path.join(options.outDir, `appPackage.${options.env}.zip`);
  zip.writeZip(target);
  return target;
}

Promise.resolve()
  .then(() => packageApp(parseArguments(process.argv.slice(2))))
  .then((target) => console.log(`Teams app package written to ${displayPath(target)}`))
  .catch((error) => {
    if (error instanceof PackagingError) {
      console.error(`package-app: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  });
