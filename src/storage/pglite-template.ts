import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A fresh PGlite database runs initdb in a second WebAssembly instance: ~2.5 s and ~800 MB peak
 * resident memory, most of it kept until V8 collects it. Starting instead from a tarball of an
 * initdb'd cluster (made once, at build time) takes ~1 s and peaks near 300 MB (bench/commands.ts).
 */

/** PGlite's start parameters, shared by the template and every database opened from it. */
export async function pgliteOptions(): Promise<{ startParams: string[] }> {
  const { PGlite } = await import('@electric-sql/pglite');
  // PGlite touches its whole shared buffer pool at start, so PostgreSQL's 128MB default costs ~110 MB of
  // resident memory whatever the data size; 32MB (4096 pages) still holds this app's working set.
  // startParams replaces PGlite's own defaults, hence the spread.
  return { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] };
}

function pgliteVersion(): string {
  // The package does not export its package.json; find it from the entry point.
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where the template lives: `<root>/.cache/`, root being the repository when running from sources and
 * dist/ when running the build. The PGlite version is in the name, so an upgrade never loads an old one.
 */
export function defaultTemplatePath(): string {
  return path.resolve(__dirname, '..', '..', '.cache', `pglite-template-${pgliteVersion()}.tar.gz`);
}

export async function buildPgliteTemplate(file = defaultTemplatePath()): Promise<string> {
  if (existsSync(file)) return file;
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(await pgliteOptions());
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file); // atomic: a concurrent reader sees the whole file or none
  return file;
}

export async function readPgliteTemplate(file = defaultTemplatePath()): Promise<Blob | undefined> {
  if (!existsSync(file)) return undefined;
  return new Blob([await readFile(file)]);
}
