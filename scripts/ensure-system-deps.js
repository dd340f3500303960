#!/usr/bin/env node
'use strict';

/**
 * The test suite needs two things npm cannot provide: Debian's Chromium (the end-to-end tests drive
 * it through playwright-core) and PostgreSQL's server binaries (tests/support/postgres-server.ts
 * starts a private cluster with initdb and pg_ctl). `npm test` runs this first. When all is there
 * it prints nothing; when something is missing it installs it (as root with apt-get) or says how.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
const POSTGRES_ROOT = '/usr/lib/postgresql';
const MANUAL_INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium postgresql';

function hasPostgresServer() {
  let versions;
  try {
    versions = fs.readdirSync(POSTGRES_ROOT);
  } catch {
    return false;
  }
  return versions.some((version) =>
    ['initdb', 'pg_ctl'].every((binary) => isExecutable(path.join(POSTGRES_ROOT, version, 'bin', binary))),
  );
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, command)));
}

/** Each missing part with the Debian package that provides it. */
function missingParts() {
  const missing = [];
  if (!isExecutable(CHROMIUM)) missing.push({ what: `Chromium (${CHROMIUM})`, pkg: 'chromium' });
  if (!hasPostgresServer()) {
    missing.push({ what: `PostgreSQL server binaries (${POSTGRES_ROOT}/<version>/bin/initdb and pg_ctl)`, pkg: 'postgresql' });
  }
  return missing;
}

function aptGet(args) {
  console.error(`> apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`apt-get ${args[0]} failed (exit ${result.status ?? result.signal}). Install by hand with:\n  ${MANUAL_INSTALL}`);
    process.exit(1);
  }
}

function main() {
  const missing = missingParts();
  if (missing.length === 0) return;

  console.error(`The tests need system packages that are missing:\n${missing.map((m) => `  - ${m.what}: package ${m.pkg}`).join('\n')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.error(`Install them with:\n  ${MANUAL_INSTALL}`);
    process.exit(1);
  }

  aptGet(['update']);
  aptGet(['install', '-y', '--no-install-recommends', ...missing.map((m) => m.pkg)]);

  const stillMissing = missingParts();
  if (stillMissing.length > 0) {
    console.error(`Still missing after apt-get install: ${stillMissing.map((m) => m.what).join(', ')}`);
    process.exit(1);
  }
}

main();
