'use strict';

/**
 * `npm start`: runs the bot and the Microsoft 365 Agents Playground side by side, so the app can be
 * tried in a browser with no Azure bot registration and no tunnel.
 *
 *   1. starts `node dist/src/main.js`, with env/.env.local passed through `--env-file` when it exists,
 *      then the git-ignored env/.env.local.user (secrets such as GRAPH_CLIENT_SECRET) over it, when it
 *      exists (variables already set in the shell win, as with any `--env-file`);
 *   2. waits for the app's /readyz;
 *   3. starts the playground CLI against http://127.0.0.1:<PORT>/api/messages, configured by
 *      .m365agentsplayground.yml (the demo tenant and people);
 *   4. prints the addresses to open (the playground, the personal tab, the public recordings page), forwards Ctrl+C / SIGTERM to both, and exits with the exit code of
 *      whichever stops first.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { setInterval, setTimeout } = require('node:timers');
const { parseEnv } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const ENV_FILE = path.join(ROOT, 'env', '.env.local');
const SECRETS_FILE = path.join(ROOT, 'env', '.env.local.user');
const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
const PLAYGROUND_CLI = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const PLAYGROUND_PORT = 56150;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const children = new Set();
let exiting = false;
let interrupted = false;

main();

function main() {
  const envFileArgs = [ENV_FILE, SECRETS_FILE].filter((file) => fs.existsSync(file)).map((file) => `--env-file=${file}`);
  // Only to know where the app listens; the app itself reads its configuration in src/config/config.ts.
  const port = appPort();

  const app = startChild('app', process.execPath, [...envFileArgs, path.join(ROOT, 'dist', 'src', 'main.js')], process.env);
  waitForReady(`http://127.0.0.1:${port}/readyz`, app).then(
    () => startPlayground(port),
    (error) => {
      if (exiting) return;
      process.stderr.write(`[start-local] ${error.message}\n`);
      stopAll(1);
    },
  );

  // `npm start` runs us under `sh -c "npm run build && node …"`: a SIGTERM sent to npm stops npm and sh but
  // is not passed on to us. Being re-parented means whoever started us is gone, so stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stopAll(exitCodeForSignal('SIGHUP'));
  }, 1_000).unref();

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      interrupted = true;
      for (const child of children) child.kill(signal);
      // If a child ignores the signal, don't hang: its exit (or the grace timer) ends us.
      setTimeout(() => stopAll(exitCodeForSignal(signal)), STOP_GRACE_MS).unref();
    });
  }
}

function appPort() {
  if (process.env.PORT) return Number(process.env.PORT);
  if (fs.existsSync(ENV_FILE)) {
    const fromFile = parseEnv(fs.readFileSync(ENV_FILE, 'utf8')).PORT;
    if (fromFile) return Number(fromFile);
  }
  return 3978;
}

function startPlayground(appPortNumber) {
  const env = {
    ...process.env,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
  };
  // The playground opens a browser by default; on a machine with no display that can only fail.
  if (!process.env.TEAMSAPPTESTER_BROWSER && !hasDisplay()) env.TEAMSAPPTESTER_BROWSER = 'none';
  const args = [
    PLAYGROUND_CLI,
    'start',
    '--disable-telemetry',
    '-e',
    `http://127.0.0.1:${appPortNumber}/api/messages`,
    '-c',
    'msteams',
    '-p',
    String(PLAYGROUND_PORT),
  ];
  const playground = startChild('playground', process.execPath, args, env, { pipeStdout: true });
  let announced = false;
  let pending = '';
  playground.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (announced) return;
    pending += chunk.toString('utf8');
    // The playground falls back to another port when 56150 is taken, so read the one it chose.
    const match = /Listening on (\d+)/.exec(pending);
    if (match) {
      announced = true;
      const url = `http://127.0.0.1:${match[1]}`;
      const app = `http://127.0.0.1:${appPortNumber}`;
      process.stdout.write(
        `\n>>> Ouvrez ${url} dans un navigateur pour discuter avec le bot / Open ${url} in a browser to chat with the bot (Ctrl+C pour arrêter / to stop)\n` +
          `>>> L'onglet personnel / The personal tab: ${app}/tab/ (connexion de développement / development sign-in)\n` +
          `>>> La page publique des enregistrements / The public recordings page: ${app}/public\n\n`,
      );
    }
  });
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function startChild(name, command, args, env, { pipeStdout = false } = {}) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', pipeStdout ? 'pipe' : 'inherit', 'inherit'] });
  children.add(child);
  child.on('error', (error) => {
    process.stderr.write(`[start-local] could not start the ${name}: ${error.message}\n`);
    children.delete(child);
    stopAll(1);
  });
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!exiting && !interrupted) process.stderr.write(`[start-local] the ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.\n`);
    stopAll(code ?? exitCodeForSignal(signal));
  });
  return child;
}

/** Stops whatever is still running, then exits with the given code (the first one asked for wins). */
function stopAll(code) {
  if (!exiting) {
    exiting = true;
    process.exitCode = code;
    for (const child of children) child.kill('SIGTERM');
    setTimeout(() => {
      for (const child of children) child.kill('SIGKILL');
      process.exit(code);
    }, STOP_GRACE_MS).unref();
  }
  if (children.size === 0) process.exit(process.exitCode);
}

function exitCodeForSignal(signal) {
  const number = signal ? os.constants.signals[signal] : undefined;
  return number ? 128 + number : 1;
}

function waitForReady(url, app) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (app.exitCode !== null || app.signalCode !== null) return; // its 'exit' handler already stops everything
      const request = http.get(url, { timeout: 2_000 }, (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else retry();
      });
      request.on('error', retry);
      request.on('timeout', () => request.destroy());
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`the app did not become ready at ${url} within ${READY_TIMEOUT_MS / 1000} s`));
      else setTimeout(attempt, 250);
    };
    attempt();
  });
}
