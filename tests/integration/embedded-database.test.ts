import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/database';
import { migrate } from '../../src/storage/migrate';
import { defaultTemplatePath } from '../../src/storage/pglite-template';

describe('the embedded database in a data folder', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cop-embedded-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it.each([
    ['from the build template', defaultTemplatePath()],
    ['without a template (PGlite runs initdb)', path.join(tmpdir(), 'no-such-template.tar.gz')],
  ])('a fresh folder %s is created, migrated, and keeps its data across a reopen', async (_case, template) => {
    const first = await openDatabase({ kind: 'embedded', dataDir: folder }, template);
    expect((await migrate(first.pool)).applied.length).toBeGreaterThan(0);
    await first.pool.query("INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, status) VALUES ('x', 'X', 'X', '', '', 'active')");
    await first.close();

    const reopened = await openDatabase({ kind: 'embedded', dataDir: folder }, template);
    expect((await migrate(reopened.pool)).applied).toEqual([]);
    const { rows } = await reopened.pool.query('SELECT slug FROM communities');
    expect(rows).toEqual([{ slug: 'x' }]);
    await reopened.close();
  });
});
