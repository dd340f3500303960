import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pickFreePort } from './free-port';

/**
 * A private, throw-away PostgreSQL server for the test run, started from Debian's own binaries
 * (the `postgresql` package), so the SQL that runs on PGlite in tests also runs on the real thing.
 * Nothing is registered under /etc/postgresql: the cluster lives and dies in one temporary folder.
 */
export interface PostgresServer {
  /** Connection string to the `postgres` database as the `postgres` superuser (trust auth, loopback). */
  readonly url: string;
  readonly port: number;
  /** The temporary folder holding the cluster, its socket and its log. */
  readonly folder: string;
  stop(): Promise<void>;
}

export interface PostgresBinaries {
  readonly version: string;
  readonly initdb: string;
  readonly pgCtl: string;
}

const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y postgresql  (or run: node scripts/ensure-system-deps.js)';
const run = promisify(execFile);

/** The newest /usr/lib/postgresql/<version>/bin that has both initdb and pg_ctl. */
export function findPostgresBinaries(root = DEBIAN_POSTGRES_ROOT): PostgresBinaries {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const initdb = path.join(root, version, 'bin', 'initdb');
    const pgCtl = path.join(root, version, 'bin', 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { version, initdb, pgCtl };
  }
  throw new Error(
    `PostgreSQL server binaries not found: expected ${root}/<version>/bin/initdb and pg_ctl. Install them with: ${INSTALL_HINT}`,
  );
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const folder = await mkdtemp(path.join(os.tmpdir(), 'cop-pg-'));
  const dataDir = path.join(folder, 'data');
  const logFile = path.join(folder, 'server.log');
  const runAsOwner = (file: string, args: string[]) => {
    const [command, commandArgs] = asClusterOwner(file, args);
    // cwd: the postgres user may not be allowed into our working directory.
    return run(command, commandArgs, { cwd: folder, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  };

  try {
    if (runningAsRoot()) await run('chown', ['postgres:', folder]);
    await runAsOwner(binaries.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`initdb failed (${binaries.initdb}${runningAsRoot() ? ', as user postgres' : ''}): ${explain(error)}`, {
      cause: error,
    });
  }

  // A port picked by the OS can be taken again before postgres binds it; try a fresh one a few times.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await pickFreePort();
    const serverOptions = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${folder}`,
      // Durability is pointless for a throw-away cluster, and these make each test's writes cheap.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await runAsOwner(binaries.pgCtl, ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start']);
    } catch (error) {
      lastError = error;
      continue;
    }
    return running(binaries, folder, dataDir, port, runAsOwner);
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  await rm(folder, { recursive: true, force: true });
  const logTail = log.trim().split('\n').slice(-15).join('\n');
  throw new Error(`PostgreSQL ${binaries.version} did not start: ${explain(lastError)}\n${logTail}`, { cause: lastError });
}

function running(
  binaries: PostgresBinaries,
  folder: string,
  dataDir: string,
  port: number,
  runAsOwner: (file: string, args: string[]) => Promise<unknown>,
): PostgresServer {
  let stopped = false;
  // If the test runner exits without calling stop() (crash, Ctrl-C), don't leave a postmaster behind.
  const stopOnExit = () => {
    if (stopped) return;
    const [command, args] = asClusterOwner(binaries.pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
    spawnSync(command, args, { cwd: folder, stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    folder,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      try {
        await runAsOwner(binaries.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** initdb and postgres refuse to run as root: when we are root, the cluster belongs to Debian's `postgres` user. */
function asClusterOwner(file: string, args: string[]): [string, string[]] {
  return runningAsRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}


function explain(error: unknown): string {
  const e = error as { message?: string; stderr?: string };
  return [e.message, e.stderr].filter((s) => s && s.trim()).join('\n') || String(error);
}
