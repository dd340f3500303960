import type { StoredConversationReference } from '../../src/domain/conversation-references';
import type { Locale } from '../../src/domain/model';
import { PgConversationReferenceRepository } from '../../src/storage/conversation-reference-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, countRows, person } from '../support/storage-scenarios';

const monday = new Date('2030-01-14T14:00:00Z');
const tuesday = new Date('2030-01-15T14:00:00Z');

function personalConversation(conversationId: string, n: number, serviceUrl = 'https://smba.trafficmanager.net/amer/'): StoredConversationReference {
  const user = person(n);
  return {
    conversationId,
    tenantId: TENANT_ID,
    conversationType: 'personal',
    aadObjectId: user.aadObjectId,
    teamId: undefined,
    serviceUrl,
    reference: { conversation: { id: conversationId }, serviceUrl },
  };
}

function channelConversation(conversationId: string, teamId: string | undefined): StoredConversationReference {
  return {
    conversationId,
    tenantId: TENANT_ID,
    conversationType: 'channel',
    aadObjectId: person(9).aadObjectId, // whoever wrote in the channel: not the conversation's owner
    teamId,
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    reference: { conversation: { id: conversationId } },
  };
}

describeEachStore('storage of conversation references', (store) => {
  const db = useDatabase(store);
  const references = () => new PgConversationReferenceRepository(db().pool);

  test('the speaker is remembered in the same statement, and their languages (last used, chosen) returned', async () => {
    const alex = person(1);
    const first = await references().save(personalConversation('a:1', 1), { user: alex, displayName: 'Alex Roy', locale: 'en' }, monday);
    expect(first).toStrictEqual({ languages: { lastUsed: 'en', chosen: undefined } });
    const again = await references().save(personalConversation('a:1', 1), { user: alex, displayName: undefined, locale: undefined }, tuesday);
    expect(again).toStrictEqual({ languages: { lastUsed: 'en', chosen: undefined } });
    const { rows } = await db().pool.query('SELECT display_name, locale, updated_at FROM users WHERE aad_object_id = $1', [alex.aadObjectId]);
    expect(rows).toEqual([{ display_name: 'Alex Roy', locale: 'en', updated_at: tuesday }]);
  });

  test('an unchanged reference and profile are not rewritten within the hour, and their languages still come back', async () => {
    const alex = person(1);
    const speaker = { user: alex, displayName: 'Alex Roy', locale: 'en' as const };
    await references().save(personalConversation('a:1', 1), speaker, monday);
    await db().pool.query('UPDATE users SET chosen_locale = $3 WHERE tenant_id = $1 AND aad_object_id = $2', [TENANT_ID, alex.aadObjectId, 'fr-CA']);
    const soon = new Date(monday.getTime() + 10 * 60_000);
    expect(await references().save(personalConversation('a:1', 1), speaker, soon)).toStrictEqual({ languages: { lastUsed: 'en', chosen: 'fr-CA' } });
    const stamps = async () =>
      (
        await db().pool.query<{ reference: Date; profile: Date }>(
          `SELECT r.updated_at AS reference, u.updated_at AS profile FROM conversation_references r
             JOIN users u ON u.tenant_id = r.tenant_id AND u.aad_object_id = r.aad_object_id WHERE r.conversation_id = 'a:1'`,
        )
      ).rows;
    expect(await stamps()).toEqual([{ reference: monday, profile: monday }]);
    // Not even locked: an upsert that leaves a row alone still locks it (a write to its page and to the WAL).
    const lockers = await db().pool.query(
      `SELECT r.xmax::text AS reference, u.xmax::text AS profile FROM conversation_references r
         JOIN users u ON u.tenant_id = r.tenant_id AND u.aad_object_id = r.aad_object_id WHERE r.conversation_id = 'a:1'`,
    );
    expect(lockers.rows).toEqual([{ reference: '0', profile: '0' }]);
    // A change is written at once: the app was uninstalled, then the person writes again in French.
    await references().markUninstalled('a:1', soon);
    const later = new Date(monday.getTime() + 20 * 60_000);
    expect(await references().save(personalConversation('a:1', 1), { ...speaker, locale: 'fr-CA' }, later)).toStrictEqual({
      languages: { lastUsed: 'fr-CA', chosen: 'fr-CA' },
    });
    expect(await stamps()).toEqual([{ reference: later, profile: later }]);
    expect((await db().pool.query('SELECT installed FROM conversation_references')).rows).toEqual([{ installed: true }]);
    // And an unchanged one is refreshed after the hour.
    const nextHour = new Date(later.getTime() + 61 * 60_000);
    await references().save(personalConversation('a:1', 1), { ...speaker, locale: 'fr-CA' }, nextHour);
    expect(await stamps()).toEqual([{ reference: nextHour, profile: nextHour }]);
  });

  test('the checks of turns arriving together go as one statement, and each gets its own answer', async () => {
    const languageOf = (n: number): Locale => (n % 2 === 0 ? 'en' : 'fr-CA');
    const people = [1, 2, 3, 4, 5].map((n) => ({ n, speaker: { user: person(n), displayName: `Personne ${n}`, locale: languageOf(n) } }));
    for (const { n, speaker } of people) await references().save(personalConversation(`a:${n}`, n), speaker, monday);
    const soon = new Date(monday.getTime() + 5 * 60_000);
    const repository = references();
    const pool = db().pool;
    const query = jest.spyOn(pool, 'query');
    try {
      // Person 5 moved to another region: theirs is the one to write.
      const saved = await Promise.all(
        people.map(({ n, speaker }) => repository.save(personalConversation(`a:${n}`, n, n === 5 ? 'https://smba.trafficmanager.net/emea/' : undefined), speaker, soon)),
      );
      expect(saved.map((s) => s.languages?.lastUsed)).toEqual(['fr-CA', 'en', 'fr-CA', 'en', 'fr-CA']);
      const names = query.mock.calls.map(([config]) => (config as { name?: string }).name);
      expect(names.filter((name) => name === 'conversation-references.unchanged')).toHaveLength(1);
      expect(names.filter((name) => name === 'conversation-references.save-personal')).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
    const { rows } = await db().pool.query("SELECT conversation_id, service_url FROM conversation_references WHERE updated_at = $1", [soon]);
    expect(rows).toEqual([{ conversation_id: 'a:5', service_url: 'https://smba.trafficmanager.net/emea/' }]);
  });

  test('a personal conversation without a known person is not stored', async () => {
    const anonymous = { ...personalConversation('a:anon', 1), aadObjectId: undefined };
    expect(await references().save(anonymous, undefined, monday)).toStrictEqual({ languages: undefined });
    expect(await countRows(db().pool, 'conversation_references')).toBe(0);
  });

  test('saving a known conversation again updates it in place', async () => {
    await references().save(personalConversation('a:1', 1, 'https://smba.trafficmanager.net/amer/'), undefined, monday);
    await references().save(personalConversation('a:1', 1, 'https://smba.trafficmanager.net/emea/'), undefined, tuesday);

    const found = await references().findPersonal(TENANT_ID, person(1).aadObjectId);
    expect(found?.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
    expect(found?.reference).toEqual({ conversation: { id: 'a:1' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    expect(await countRows(db().pool, 'conversation_references')).toBe(1);
  });

  test("a user's new personal conversation (after a reinstall) replaces the old one", async () => {
    await references().save(personalConversation('a:old', 1), undefined, monday);
    await references().save(personalConversation('a:new', 1), undefined, tuesday);

    expect((await references().findPersonal(TENANT_ID, person(1).aadObjectId))?.conversationId).toBe('a:new');
    expect(await countRows(db().pool, 'conversation_references', 'conversation_id = $1', ['a:old'])).toBe(0);
  });

  test("one user's personal conversation leaves other users' alone", async () => {
    await references().save(personalConversation('a:1', 1), undefined, monday);
    await references().save(personalConversation('a:2', 2), undefined, monday);

    expect((await references().findPersonal(TENANT_ID, person(1).aadObjectId))?.conversationId).toBe('a:1');
    expect((await references().findPersonal(TENANT_ID, person(2).aadObjectId))?.conversationId).toBe('a:2');
  });

  test('a channel conversation is kept beside personal ones and belongs to no user', async () => {
    await references().save(personalConversation('a:1', 9), undefined, monday);
    await references().save(channelConversation('19:channel@thread.tacv2', 'team-1'), undefined, monday);

    const { rows } = await db().pool.query<{ conversation_id: string; aad_object_id: string | null }>(
      'SELECT conversation_id, aad_object_id FROM conversation_references ORDER BY conversation_id',
    );
    expect(rows).toEqual([
      { conversation_id: '19:channel@thread.tacv2', aad_object_id: null },
      { conversation_id: 'a:1', aad_object_id: person(9).aadObjectId },
    ]);
  });

  test('an activity that does not carry the team id keeps the one already known', async () => {
    await references().save(channelConversation('19:channel@thread.tacv2', 'team-1'), undefined, monday);
    await references().save(channelConversation('19:channel@thread.tacv2', undefined), undefined, tuesday);

    const { rows } = await db().pool.query<{ team_id: string | null; updated_at: Date }>(
      'SELECT team_id, updated_at FROM conversation_references',
    );
    expect(rows).toEqual([{ team_id: 'team-1', updated_at: tuesday }]);
  });

  test('a conversation marked uninstalled is installed again by its next activity', async () => {
    const installed = async () =>
      (await db().pool.query<{ installed: boolean }>('SELECT installed FROM conversation_references')).rows.map((r) => r.installed);
    await references().save(personalConversation('a:1', 1), undefined, monday);

    await references().markUninstalled('a:1', tuesday);
    expect(await installed()).toEqual([false]);

    await references().save(personalConversation('a:1', 1), undefined, tuesday);
    expect(await installed()).toEqual([true]);
  });

  test('a user with no personal conversation has none to find', async () => {
    await references().save(channelConversation('19:channel@thread.tacv2', 'team-1'), undefined, monday);

    expect(await references().findPersonal(TENANT_ID, person(9).aadObjectId)).toBeUndefined();
  });
});
