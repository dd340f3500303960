import { PgRecordingCandidateRepository } from '../../src/storage/recording-candidate-repository';
import { PgTransactions } from '../../src/storage/transaction';
import { describeEachStore, useDatabase } from '../support/databases';
import { countRows, givenCommunity, givenMeeting, sqlStateOf } from '../support/storage-scenarios';

const found = new Date('2030-01-15T14:00:00Z');
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3Ameeting_abc%40thread.v2/0';

describeEachStore('storage of recording candidates found through Graph', (store) => {
  const db = useDatabase(store);
  const repository = () => new PgRecordingCandidateRepository(db().pool);
  const transactions = () => new PgTransactions(db().pool);

  async function teamsMeeting(startsAt: Date, overrides: Record<string, unknown> = {}): Promise<string> {
    const community = await givenCommunity(db().pool, { slug: `c-${startsAt.getTime()}` });
    const id = await givenMeeting(db().pool, community, { startsAt, hours: 1 });
    const fields = { online_status: 'created', join_url: `${JOIN}?m=${id}`, calendar_owner: 'Communautes@contoso.com', ...overrides };
    await db().pool.query('UPDATE meetings SET online_status = $2, join_url = $3, calendar_owner = $4 WHERE id = $1', [id, fields.online_status, fields.join_url, fields.calendar_owner]);
    return id;
  }

  const candidate = (meetingId: string, graphRecordingId: string) => ({
    graphRecordingId,
    meetingId,
    onlineMeetingId: 'MSoxKmFh',
    contentUrl: 'https://graph.microsoft.com/v1.0/users/x/onlineMeetings/MSoxKmFh/recordings/r/content',
    createdAt: new Date('2030-01-14T17:00:00Z'),
    endedAt: new Date('2030-01-14T18:00:00Z'),
    expiresAt: new Date('2030-03-15T18:00:00Z'),
    foundAt: found,
  });

  test('a candidate is stored once: the second find of the same Graph recording changes nothing', async () => {
    const meeting = await teamsMeeting(new Date('2030-01-14T17:00:00Z'));
    const first = await transactions().run((tx) => repository().addIfNew(tx, candidate(meeting, 'rec-1')));
    const again = await transactions().run((tx) => repository().addIfNew(tx, { ...candidate(meeting, 'rec-1'), contentUrl: undefined }));
    expect([first, again]).toEqual([true, false]);
    expect(await countRows(db().pool, 'recording_candidates')).toBe(1);
    expect(await repository().find('rec-1')).toEqual({ ...candidate(meeting, 'rec-1'), status: 'proposed' });
    await expect(repository().find('rec-unknown')).resolves.toBeUndefined();
  });

  test('settles a proposed candidate once (published or dismissed), never twice', async () => {
    const meeting = await teamsMeeting(new Date('2030-01-14T17:00:00Z'));
    await transactions().run((tx) => repository().addIfNew(tx, candidate(meeting, 'rec-2')));
    expect(await transactions().run((tx) => repository().settle(tx, 'rec-2', 'published', found))).toBe(true);
    expect(await transactions().run((tx) => repository().settle(tx, 'rec-2', 'dismissed', found))).toBe(false);
    expect((await repository().find('rec-2'))?.status).toBe('published');
  });

  test('the schema refuses a candidate without its meeting, a non-https link, and a settled one without its date', async () => {
    const meeting = await teamsMeeting(new Date('2030-01-14T17:00:00Z'));
    const insert = (meetingId: string, url: string, status = 'proposed') =>
      db().pool.query(
        `INSERT INTO recording_candidates (graph_recording_id, meeting_id, online_meeting_id, content_url, recording_created_at, status, found_at)
         VALUES ($1, $2, 'MSo', $3, now(), $4, now())`,
        [`r-${Math.random()}`, meetingId, url, status],
      );
    expect(await sqlStateOf(insert('999999', 'https://x'))).toBe('23503');
    expect(await sqlStateOf(insert(meeting, 'http://x'))).toBe('23514');
    expect(await sqlStateOf(insert(meeting, 'https://x', 'published'))).toBe('23514');
  });

  test('lists the meetings with a Teams meeting that ended in a window, with the onlineMeeting id once remembered', async () => {
    const inside = await teamsMeeting(new Date('2030-01-14T17:00:00Z'));
    await teamsMeeting(new Date('2030-01-10T17:00:00Z')); // ended before the window
    await teamsMeeting(new Date('2030-01-14T12:00:00Z'), { online_status: 'manual' }); // no Teams meeting of the app's
    const from = new Date('2030-01-13T00:00:00Z');
    const to = new Date('2030-01-15T00:00:00Z');
    const rows = await repository().teamsMeetingsEnded(from, to);
    expect(rows.map((r) => r.meetingId)).toEqual([inside]);
    expect(rows[0]).toMatchObject({ mailbox: 'Communautes@contoso.com', joinUrl: `${JOIN}?m=${inside}`, onlineMeetingId: undefined, endsAt: new Date('2030-01-14T18:00:00Z') });
    await repository().rememberOnlineMeetingId(inside, 'MSoxKmFh', found);
    expect((await repository().teamsMeetingsEnded(from, to))[0]?.onlineMeetingId).toBe('MSoxKmFh');
  });

  test('keeps one delta link per organiser mailbox, whatever its case, replaced by the next', async () => {
    await expect(repository().deltaLinkOf('communautes@contoso.com')).resolves.toBeUndefined();
    await repository().saveDeltaLink('Communautes@contoso.com', 'https://graph.microsoft.com/v1.0/delta?$deltatoken=1', found);
    await repository().saveDeltaLink('communautes@contoso.com', 'https://graph.microsoft.com/v1.0/delta?$deltatoken=2', found);
    await expect(repository().deltaLinkOf('COMMUNAUTES@contoso.com')).resolves.toBe('https://graph.microsoft.com/v1.0/delta?$deltatoken=2');
    expect(await countRows(db().pool, 'recording_delta_links')).toBe(1);
  });
});
