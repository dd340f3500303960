import type { Pool } from 'pg';
import type { UserIdentity } from '../domain/model';
import type { Transaction } from '../domain/provisioning-ports';
import {
  type MeetingCounts,
  type MeetingOverview,
  type MeetingRecord,
  type MeetingSummary,
  type OnlineMeetingStatus,
  type Registration,
  type Speaker,
  hasInPersonPart,
} from '../domain/meetings/meeting';
import type { AnswerState, KnownBefore, MeetingChange, MeetingFigures, MeetingStore, NewMeeting, MeetingScope, PersonalMeetingPage, RsvpOutcome, RsvpRequest } from '../domain/meetings/meeting-ports';
import { seatFor, seatsToPromote } from '../domain/meetings/seats';

interface MeetingRow {
  id: string;
  community_id: string;
  tenant_id: string | null;
  category: MeetingRecord['category'];
  kind: MeetingRecord['format'];
  title_fr: string;
  agenda: string;
  location: string | null;
  starts_at: Date;
  ends_at: Date;
  lunch_provided: boolean;
  capacity: number | null;
  status: MeetingRecord['status'];
  version: number;
  online_status: OnlineMeetingStatus;
  join_url: string | null;
  calendar_owner: string | null;
  calendar_event_id: string | null;
  created_by: string | null;
  cancelled_at: Date | null;
  speakers: Speaker[] | null;
}

interface RegistrationRow {
  meeting_id: string;
  tenant_id: string;
  aad_object_id: string;
  display_name: string | null;
  answer: Registration['answer'];
  seat: Registration['seat'];
  waitlist_rank: string | null;
  lunch: boolean | null;
  dietary: string | null;
  attended: boolean | null;
  answered_at: Date;
}

interface CountRow {
  confirmed: string;
  waitlisted: string;
  online: string;
  declined: string;
  lunches: string;
}

const MEETING_COLUMNS = `m.id::text, m.community_id::text, m.tenant_id, m.category, m.kind, m.title_fr, m.agenda, m.location,
  m.starts_at, m.ends_at, m.lunch_provided, m.capacity, m.status, m.version, m.online_status, m.join_url,
  m.calendar_owner, m.calendar_event_id, m.created_by, m.cancelled_at,
  (SELECT json_agg(json_build_object('name', s.name, 'role', s.role, 'organisation', s.organisation, 'email', s.email) ORDER BY s.position)
     FROM meeting_speakers s WHERE s.meeting_id = m.id) AS speakers`;

/** Registrations with the waitlist rank computed (1 = first in line). */
const REGISTRATION_COLUMNS = `r.meeting_id::text, r.tenant_id, r.aad_object_id, r.display_name, r.answer, r.seat,
  CASE WHEN r.seat = 'waitlisted' THEN (SELECT count(*) FROM meeting_registrations w
     WHERE w.meeting_id = r.meeting_id AND w.seat = 'waitlisted' AND w.waitlist_position <= r.waitlist_position) END AS waitlist_rank,
  r.lunch, r.dietary, r.attended, r.answered_at`;

/** The live counts (meeting_counts, kept by a trigger); zeros for a meeting nobody answered yet. */
const COUNTS = `SELECT coalesce(max(confirmed), 0) AS confirmed, coalesce(max(waitlisted), 0) AS waitlisted, coalesce(max(online), 0) AS online,
  coalesce(max(declined), 0) AS declined, coalesce(max(lunches), 0) AS lunches FROM meeting_counts WHERE meeting_id = $1`;

const OVERVIEW = `SELECT ${MEETING_COLUMNS}, c.name_fr AS community_fr, c.name_en AS community_en, c.slug AS community_slug, c.time_zone,
  coalesce(n.confirmed, 0) AS confirmed, coalesce(n.waitlisted, 0) AS waitlisted, coalesce(n.online, 0) AS online,
  coalesce(n.declined, 0) AS declined, coalesce(n.lunches, 0) AS lunches
  FROM meetings m JOIN communities c ON c.id = m.community_id LEFT JOIN meeting_counts n ON n.meeting_id = m.id`;

/**
 * Meetings and people's answers. Seats change only inside a transaction holding the meeting's row lock
 * (`lock`), so answers for the last seat are decided one after the other; the waitlist's order is a
 * sequence value taken under that lock (arrival order), unique per meeting.
 */
/**
 * What answers sharing a transaction (group commit) know of their meeting after the first has read it: the
 * meeting and its community cannot change while the transaction holds the meeting's lock, and the counts
 * move only through `answer`, which keeps them here. Kept per transaction object, so it dies with it.
 */
interface RunningMeeting {
  readonly row: OverviewRow;
  counts: MeetingCounts;
}

export class PgMeetingRepository implements MeetingStore {
  private readonly running = new WeakMap<Transaction, Map<string, RunningMeeting>>();

  constructor(private readonly pool: Pool) {}

  private runningIn(tx: Transaction): Map<string, RunningMeeting> {
    let known = this.running.get(tx);
    if (!known) {
      known = new Map();
      this.running.set(tx, known);
    }
    return known;
  }

  async create(tx: Transaction, meeting: NewMeeting): Promise<MeetingRecord> {
    const { plan } = meeting;
    const { rows } = await tx.executeSql(
      `INSERT INTO meetings (community_id, tenant_id, category, kind, title_fr, title_en, agenda, location, starts_at, ends_at,
         lunch_provided, capacity, online_status, calendar_owner, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id::text`,
      [meeting.communityId, meeting.tenantId, plan.category, plan.format, plan.title, plan.agenda, plan.location, plan.startsAt, plan.endsAt,
        plan.lunchProvided, plan.capacity, meeting.onlineStatus, meeting.calendarOwner, meeting.createdBy, meeting.at],
    );
    const id = (rows[0] as { id: string }).id;
    if (plan.speakers.length > 0) {
      await tx.executeSql(
        `INSERT INTO meeting_speakers (meeting_id, position, name, role, organisation, email)
         SELECT $1, s.position, s.name, s.role, s.organisation, s.email
           FROM jsonb_to_recordset($2::jsonb) AS s(position integer, name text, role text, organisation text, email text)`,
        [id, JSON.stringify(plan.speakers.map((s, i) => ({ position: i + 1, name: s.name, role: s.role, organisation: s.organisation, email: s.email ?? null })))],
      );
    }
    const created = await this.lock(tx, id);
    if (!created) throw new Error(`meeting ${id} vanished in its own transaction`);
    return created;
  }

  async find(meetingId: string): Promise<MeetingRecord | undefined> {
    if (!isId(meetingId)) return undefined;
    const { rows } = await this.pool.query<MeetingRow>({ name: 'meetings.find', text: `SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.id = $1`, values: [meetingId] });
    return rows[0] && toMeeting(rows[0]);
  }

  async lock(tx: Transaction, meetingId: string): Promise<MeetingRecord | undefined> {
    if (!isId(meetingId)) return undefined;
    const { rows } = await tx.executeSql(`SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.id = $1 FOR UPDATE OF m`, [meetingId]);
    return rows[0] ? toMeeting(rows[0] as MeetingRow) : undefined;
  }

  async overview(meetingId: string): Promise<MeetingOverview | undefined> {
    if (!isId(meetingId)) return undefined;
    const { rows } = await this.pool.query<OverviewRow>({ name: 'meetings.overview', text: `${OVERVIEW} WHERE m.id = $1`, values: [meetingId] });
    return rows[0] && toOverview(rows[0]);
  }

  async upcoming(communityIds: readonly string[] | undefined, after: Date, limit: number): Promise<MeetingOverview[]> {
    const { rows } = await this.pool.query<OverviewRow>(
      `${OVERVIEW} WHERE m.status = 'scheduled' AND m.ends_at > $1 AND ($2::bigint[] IS NULL OR m.community_id = ANY($2::bigint[]))
       ORDER BY m.starts_at, m.id LIMIT $3`,
      [after, communityIds ? [...communityIds] : null, limit],
    );
    return rows.map(toOverview);
  }

  async pageFor(user: UserIdentity, scope: MeetingScope, now: Date, offset: number, limit: number): Promise<PersonalMeetingPage> {
    // The person's communities (member or organiser), their meetings ahead (soonest first) or held (latest
    // first), and on each the person's own answer: one statement, the total with the page.
    const ahead = scope === 'upcoming';
    const { rows } = await this.pool.query<OverviewRow & { registration: RegistrationJson | null; total: string }>({
      name: `meetings.page-for.${scope}`,
      text: `WITH mine AS (
               SELECT community_id FROM memberships WHERE tenant_id = $1 AND aad_object_id = $2 AND left_at IS NULL
               UNION SELECT community_id FROM community_organisers WHERE tenant_id = $1 AND aad_object_id = $2),
             page AS (
               SELECT m.id, count(*) OVER () AS total FROM meetings m JOIN communities c ON c.id = m.community_id
                WHERE m.community_id IN (SELECT community_id FROM mine) AND c.status <> 'archived'
                  AND ${ahead ? "m.ends_at > $3 AND (m.status = 'scheduled' OR m.cancelled_at > $3::timestamptz - interval '7 days')" : "m.starts_at <= $3 AND m.status = 'scheduled'"}
                ORDER BY m.starts_at ${ahead ? 'ASC' : 'DESC'}, m.id LIMIT $4 OFFSET $5)
             ${OVERVIEW.replace('FROM meetings m', ', page.total, (SELECT row_to_json(x) FROM (SELECT ' + REGISTRATION_COLUMNS + ` FROM meeting_registrations r
                  WHERE r.meeting_id = m.id AND r.tenant_id = $1 AND r.aad_object_id = $2) x) AS registration FROM meetings m JOIN page ON page.id = m.id`)}
             ORDER BY m.starts_at ${ahead ? 'ASC' : 'DESC'}, m.id`,
      values: [user.tenantId, user.aadObjectId, now, limit, offset],
    });
    // A page past the end still says how many there are.
    if (rows.length === 0 && offset > 0) return { entries: [], total: (await this.pageFor(user, scope, now, 0, 1)).total };
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      entries: rows.map((r) => ({ overview: toOverview(r), registration: r.registration ? toRegistration(fromJson(r.registration)) : undefined })),
    };
  }

  async registration(meetingId: string, user: UserIdentity): Promise<Registration | undefined> {
    if (!isId(meetingId)) return undefined;
    const { rows } = await this.pool.query<RegistrationRow>({
      name: 'meetings.registration',
      text: `SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r WHERE r.meeting_id = $1 AND r.tenant_id = $2 AND r.aad_object_id = $3`,
      values: [meetingId, user.tenantId, user.aadObjectId],
    });
    return rows[0] && toRegistration(rows[0]);
  }

  async answerState(tx: Transaction, meetingId: string, user: UserIdentity): Promise<AnswerState | undefined> {
    if (!isId(meetingId)) return undefined;
    // The lock first, alone: in READ COMMITTED a statement that waited for a row lock re-reads that row but
    // not the rest of what it selects, which keeps the snapshot from before the wait. Counts read in the
    // locking statement would miss the answer that held the lock, and seats would be given twice (bench:rsvp
    // on a PostgreSQL server gave 209 of 200). The next statement takes a new snapshot, after the lock.
    // Answers sharing a transaction (Transactions.runTogether) take it once: it is held until COMMIT.
    const { rows: locked } = await tx.once(`meetings.lock/${meetingId}`, () =>
      tx.executeSql('SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE', [meetingId], 'meetings.lock-for-answer'),
    );
    if (locked.length === 0) return undefined;
    const known = this.running.get(tx)?.get(meetingId);
    if (known) {
      // A later answer of the same shared transaction: only the person's own standing is read.
      const { rows: personal } = await tx.executeSql(
        `SELECT (EXISTS (SELECT 1 FROM memberships s WHERE s.community_id = $4 AND s.tenant_id = $2 AND s.aad_object_id = $3 AND s.left_at IS NULL)
                 OR EXISTS (SELECT 1 FROM community_organisers o WHERE o.community_id = $4 AND o.tenant_id = $2 AND o.aad_object_id = $3)) AS may,
                (SELECT row_to_json(x) FROM (SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r
                   WHERE r.meeting_id = $1 AND r.tenant_id = $2 AND r.aad_object_id = $3) x) AS registration`,
        [meetingId, user.tenantId, user.aadObjectId, known.row.community_id],
        'meetings.answer-standing',
      );
      const row = personal[0] as { may: boolean; registration: RegistrationJson | null };
      return {
        overview: { ...toOverview(known.row), counts: known.counts },
        may: row.may,
        registration: row.registration ? toRegistration(fromJson(row.registration)) : undefined,
      };
    }
    // Then one statement: the meeting, its community, whether the person may answer, their answer, the counts.
    const { rows } = await tx.executeSql(
      `SELECT ${MEETING_COLUMNS}, c.name_fr AS community_fr, c.name_en AS community_en, c.slug AS community_slug, c.time_zone,
         (EXISTS (SELECT 1 FROM memberships s WHERE s.community_id = m.community_id AND s.tenant_id = $2 AND s.aad_object_id = $3 AND s.left_at IS NULL)
          OR EXISTS (SELECT 1 FROM community_organisers o WHERE o.community_id = m.community_id AND o.tenant_id = $2 AND o.aad_object_id = $3)) AS may,
         (SELECT row_to_json(x) FROM (SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r
            WHERE r.meeting_id = m.id AND r.tenant_id = $2 AND r.aad_object_id = $3) x) AS registration,
         (SELECT row_to_json(n) FROM (${COUNTS.replace('$1', 'm.id')}) n) AS counts
       FROM meetings m JOIN communities c ON c.id = m.community_id WHERE m.id = $1`,
      [meetingId, user.tenantId, user.aadObjectId],
      'meetings.answer-state',
    );
    const row = rows[0] as (OverviewRow & { may: boolean; registration: RegistrationJson | null; counts: CountRow }) | undefined;
    if (!row) return undefined;
    const overview = toOverview({ ...row, ...row.counts });
    this.runningIn(tx).set(meetingId, { row: { ...row, ...row.counts }, counts: overview.counts });
    return { overview, may: row.may, registration: row.registration ? toRegistration(fromJson(row.registration)) : undefined };
  }

  async answer(tx: Transaction, meeting: MeetingRecord, request: RsvpRequest, at: Date, known?: KnownBefore): Promise<RsvpOutcome> {
    const before = known ? known.registration : await registrationIn(tx, meeting.id, request.user);
    const counts = known ? known.counts : await countsIn(tx, meeting.id);
    const answer = request.answer === 'in_person' && !hasInPersonPart(meeting.format) ? 'online' : request.answer;
    const seat = seatFor(answer, before?.seat ?? null, counts.confirmed, meeting.capacity);
    const inPerson = answer === 'in_person';
    const lunch = inPerson && meeting.lunchProvided ? (request.lunch ?? false) : null;
    const dietary = inPerson && meeting.lunchProvided ? request.dietary : null;
    const { rows } = await tx.executeSql(
      `INSERT INTO meeting_registrations AS r (meeting_id, tenant_id, aad_object_id, display_name, answer, seat, waitlist_position, lunch, dietary, answered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'waitlisted' THEN nextval('meeting_waitlist_order') END, $7, $8, $9, $9)
       ON CONFLICT (meeting_id, tenant_id, aad_object_id) DO UPDATE SET
         display_name = coalesce(EXCLUDED.display_name, r.display_name), answer = EXCLUDED.answer, seat = EXCLUDED.seat,
         waitlist_position = CASE WHEN EXCLUDED.seat = 'waitlisted' THEN coalesce(r.waitlist_position, nextval('meeting_waitlist_order')) END,
         lunch = EXCLUDED.lunch, dietary = EXCLUDED.dietary, updated_at = EXCLUDED.updated_at
       RETURNING r.display_name, r.answered_at, r.attended`,
      [meeting.id, request.user.tenantId, request.user.aadObjectId, request.displayName ?? null, answer, seat, lunch, dietary, at],
      'meetings.answer',
    );
    const freed = before?.seat === 'confirmed' && seat !== 'confirmed';
    const promoted = freed ? await this.promote(tx, meeting, at) : [];
    if (promoted.length > 0 || !known) {
      const after = await registrationIn(tx, meeting.id, request.user);
      if (!after) throw new Error('an answer just written is missing');
      return this.keptRunning(tx, meeting.id, { before, after, promoted, counts: withSeatsLeft(await countsIn(tx, meeting.id), meeting.capacity) });
    }
    // Under the lock nothing else moved: the new state follows from the old one and this change.
    const written = rows[0] as { display_name: string | null; answered_at: Date; attended: boolean | null };
    const after: Registration = {
      meetingId: meeting.id,
      user: request.user,
      displayName: written.display_name,
      answer,
      seat,
      waitlistRank: seat !== 'waitlisted' ? null : before?.seat === 'waitlisted' ? before.waitlistRank : counts.waitlisted + 1,
      lunch,
      dietary,
      attended: written.attended,
      answeredAt: written.answered_at,
    };
    const delta = (state: (r: Pick<Registration, 'answer' | 'seat' | 'lunch'> | undefined) => boolean): number => (state(after) ? 1 : 0) - (state(before) ? 1 : 0);
    const next = {
      confirmed: counts.confirmed + delta((r) => r?.seat === 'confirmed'),
      waitlisted: counts.waitlisted + delta((r) => r?.seat === 'waitlisted'),
      online: counts.online + delta((r) => r?.answer === 'online'),
      declined: counts.declined + delta((r) => r?.answer === 'declined'),
      lunches: counts.lunches + delta((r) => r?.seat === 'confirmed' && r.lunch === true),
      seatsLeft: null,
    };
    return this.keptRunning(tx, meeting.id, { before, after, promoted, counts: withSeatsLeft(next, meeting.capacity) });
  }

  /** The counts after an answer, for the next answers of a shared transaction (see RunningMeeting). */
  private keptRunning(tx: Transaction, meetingId: string, outcome: RsvpOutcome): RsvpOutcome {
    const known = this.running.get(tx)?.get(meetingId);
    if (known) known.counts = outcome.counts;
    return outcome;
  }

  async change(tx: Transaction, meeting: MeetingRecord, change: MeetingChange, at: Date): Promise<MeetingRecord> {
    this.running.get(tx)?.delete(meeting.id);
    await tx.executeSql(
      `UPDATE meetings SET starts_at = coalesce($2, starts_at), ends_at = coalesce($3, ends_at), version = version + 1, updated_at = $4,
         status = CASE WHEN $5 THEN 'cancelled' ELSE status END, cancelled_at = CASE WHEN $5 THEN $4 ELSE cancelled_at END
       WHERE id = $1`,
      [meeting.id, change.startsAt ?? null, change.endsAt ?? null, at, change.cancelled === true],
    );
    const changed = await this.lock(tx, meeting.id);
    if (!changed) throw new Error(`meeting ${meeting.id} vanished while changed`);
    return changed;
  }

  async setCapacity(tx: Transaction, meeting: MeetingRecord, capacity: number | null, at: Date): Promise<readonly Registration[]> {
    this.running.get(tx)?.delete(meeting.id);
    await tx.executeSql('UPDATE meetings SET capacity = $2, updated_at = $3 WHERE id = $1', [meeting.id, capacity, at]);
    return this.promote(tx, { ...meeting, capacity }, at);
  }

  async setOnline(tx: Transaction | undefined, meetingId: string, online: { status: OnlineMeetingStatus; joinUrl?: string | null; eventId?: string | null }, at: Date): Promise<void> {
    const sql = `UPDATE meetings SET online_status = $2,
        join_url = CASE WHEN $3::boolean THEN $4 ELSE join_url END,
        calendar_event_id = CASE WHEN $5::boolean THEN $6 ELSE calendar_event_id END, updated_at = $7 WHERE id = $1`;
    const values = [meetingId, online.status, online.joinUrl !== undefined, online.joinUrl ?? null, online.eventId !== undefined, online.eventId ?? null, at];
    if (tx) {
      this.running.get(tx)?.delete(meetingId);
      await tx.executeSql(sql, values);
    } else await this.pool.query(sql, values);
  }

  async registrations(meetingId: string, tx?: Transaction): Promise<Registration[]> {
    const text = `SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r WHERE r.meeting_id = $1 ORDER BY r.answered_at, r.aad_object_id`;
    const { rows } = tx ? await tx.executeSql(text, [meetingId]) : await this.pool.query(text, [meetingId]);
    return (rows as RegistrationRow[]).map(toRegistration);
  }

  async counts(tx: Transaction, meeting: MeetingRecord): Promise<MeetingCounts> {
    return withSeatsLeft(await countsIn(tx, meeting.id), meeting.capacity);
  }

  async summary(meetingId: string): Promise<MeetingSummary | undefined> {
    const overview = await this.overview(meetingId);
    if (!overview) return undefined;
    const { rows } = await this.pool.query<RegistrationRow>(
      `SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r WHERE r.meeting_id = $1
       ORDER BY r.waitlist_position NULLS FIRST, r.answered_at, r.aad_object_id`,
      [meetingId],
    );
    const all = rows.map(toRegistration);
    const purged = await this.pool.query<{ purged: boolean }>('SELECT dietary_purged_at IS NOT NULL AS purged FROM meetings WHERE id = $1', [meetingId]);
    const confirmed = all.filter((r) => r.seat === 'confirmed');
    const lunching = confirmed.filter((r) => r.lunch === true);
    return {
      overview,
      confirmed,
      waitlist: all.filter((r) => r.seat === 'waitlisted'),
      online: all.filter((r) => r.answer === 'online'),
      declined: all.filter((r) => r.answer === 'declined'),
      lunchCount: lunching.length,
      dietaryNeeds: lunching.filter((r) => (r.dietary ?? '').trim() !== '').map((r) => ({ name: r.displayName ?? r.user.aadObjectId, needs: r.dietary ?? '' })),
      dietaryPurged: purged.rows[0]?.purged === true,
      attendanceMarked: all.some((r) => r.attended !== null),
    };
  }

  async markAttendance(tx: Transaction, meetingId: string, attended: readonly UserIdentity[], at: Date, among?: readonly UserIdentity[]): Promise<number> {
    const people = (list: readonly UserIdentity[]) => JSON.stringify(list.map((u) => ({ tenant_id: u.tenantId, aad_object_id: u.aadObjectId })));
    const { rows } = await tx.executeSql(
      `UPDATE meeting_registrations r SET attended = EXISTS (
           SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS a(tenant_id text, aad_object_id text)
            WHERE a.tenant_id = r.tenant_id AND a.aad_object_id = r.aad_object_id), updated_at = $3
       WHERE r.meeting_id = $1
         AND ($4::jsonb IS NULL OR EXISTS (SELECT 1 FROM jsonb_to_recordset($4::jsonb) AS p(tenant_id text, aad_object_id text)
                                           WHERE p.tenant_id = r.tenant_id AND p.aad_object_id = r.aad_object_id))
       RETURNING r.attended`,
      [meetingId, people(attended), at, among ? people(among) : null],
    );
    return (rows as { attended: boolean }[]).filter((r) => r.attended).length;
  }


  async purgeDietary(endedBefore: Date, at: Date): Promise<number> {
    const { rows } = await this.pool.query(
      `WITH due AS (UPDATE meetings SET dietary_purged_at = $2 WHERE ends_at < $1 AND dietary_purged_at IS NULL RETURNING id)
       UPDATE meeting_registrations r SET dietary = NULL FROM due WHERE r.meeting_id = due.id RETURNING r.meeting_id`,
      [endedBefore, at],
    );
    return new Set((rows as { meeting_id: string }[]).map((r) => r.meeting_id)).size;
  }

  async mayAnswer(meetingId: string, user: UserIdentity): Promise<boolean> {
    const { rows } = await this.pool.query<{ may: boolean }>({
      name: 'meetings.may-answer',
      text: `SELECT EXISTS (SELECT 1 FROM meetings m JOIN memberships s ON s.community_id = m.community_id
                             WHERE m.id = $1 AND s.tenant_id = $2 AND s.aad_object_id = $3 AND s.left_at IS NULL)
                 OR EXISTS (SELECT 1 FROM meetings m JOIN community_organisers o ON o.community_id = m.community_id
                             WHERE m.id = $1 AND o.tenant_id = $2 AND o.aad_object_id = $3) AS may`,
      values: [meetingId, user.tenantId, user.aadObjectId],
    });
    return rows[0]?.may === true;
  }

  async generalChannelOf(communityId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ general_channel_id: string | null }>('SELECT general_channel_id FROM communities WHERE id = $1', [communityId]);
    return rows[0]?.general_channel_id ?? undefined;
  }

  async invitees(communityId: string, tx?: Transaction): Promise<UserIdentity[]> {
    const text = 'SELECT tenant_id, aad_object_id FROM memberships WHERE community_id = $1 AND left_at IS NULL ORDER BY joined_at, aad_object_id';
    const { rows } = tx ? await tx.executeSql(text, [communityId]) : await this.pool.query(text, [communityId]);
    return (rows as { tenant_id: string; aad_object_id: string }[]).map((r) => ({ tenantId: r.tenant_id, aadObjectId: r.aad_object_id }));
  }

  async inPersonAround(communityId: string, now: Date): Promise<{ last: Date | undefined; next: Date | undefined }> {
    const { rows } = await this.pool.query<{ last: Date | null; next: Date | null }>(
      `SELECT max(starts_at) FILTER (WHERE starts_at <= $2) AS last, min(starts_at) FILTER (WHERE starts_at > $2) AS next
         FROM meetings WHERE community_id = $1 AND status = 'scheduled' AND kind IN ('in_person', 'hybrid')`,
      [communityId, now],
    );
    return { last: rows[0]?.last ?? undefined, next: rows[0]?.next ?? undefined };
  }

  async figuresOf(communityId: string, since: Date, now: Date): Promise<MeetingFigures> {
    // A meeting whose attendance nobody marked counts those who had a seat, as `bilan` does: for an
    // in-person meeting a confirmed seat is the best record there is of who came.
    const { rows } = await this.pool.query<{ held: number; attendance: number }>(
      `SELECT count(*)::int AS held, coalesce(sum(CASE WHEN a.marked THEN a.attended ELSE a.seated END), 0)::int AS attendance
         FROM meetings m CROSS JOIN LATERAL (
           SELECT bool_or(r.attended IS NOT NULL) AS marked, count(*) FILTER (WHERE r.attended) AS attended,
                  count(*) FILTER (WHERE r.seat = 'confirmed') AS seated
             FROM meeting_registrations r WHERE r.meeting_id = m.id) a
        WHERE m.community_id = $1 AND m.status = 'scheduled' AND m.starts_at > $2 AND m.starts_at <= $3`,
      [communityId, since, now],
    );
    return { held: rows[0]?.held ?? 0, attendance: rows[0]?.attendance ?? 0 };
  }

  /** The first in line take the seats that are free now; the meeting is locked in `tx`. */
  private async promote(tx: Transaction, meeting: MeetingRecord, at: Date): Promise<Registration[]> {
    const counts = await countsIn(tx, meeting.id);
    const count = seatsToPromote(counts.confirmed, meeting.capacity, counts.waitlisted);
    if (count === 0) return [];
    const { rows } = await tx.executeSql(
      `WITH first AS (SELECT tenant_id, aad_object_id FROM meeting_registrations
                       WHERE meeting_id = $1 AND seat = 'waitlisted' ORDER BY waitlist_position LIMIT $2)
       UPDATE meeting_registrations r SET seat = 'confirmed', waitlist_position = NULL, updated_at = $3
         FROM first WHERE r.meeting_id = $1 AND r.tenant_id = first.tenant_id AND r.aad_object_id = first.aad_object_id
       RETURNING r.tenant_id, r.aad_object_id`,
      [meeting.id, count, at],
    );
    const promoted: Registration[] = [];
    for (const row of rows as { tenant_id: string; aad_object_id: string }[]) {
      const registration = await registrationIn(tx, meeting.id, { tenantId: row.tenant_id, aadObjectId: row.aad_object_id });
      if (registration) promoted.push(registration);
    }
    return promoted;
  }
}

type OverviewRow = MeetingRow & CountRow & { community_fr: string; community_en: string; community_slug: string; time_zone: string };

/** A registration row as row_to_json writes it (timestamps as text). */
type RegistrationJson = Omit<RegistrationRow, 'answered_at' | 'waitlist_rank'> & { answered_at: string; waitlist_rank: number | string | null };

function fromJson(r: RegistrationJson): RegistrationRow {
  return { ...r, answered_at: new Date(r.answered_at), waitlist_rank: r.waitlist_rank === null ? null : String(r.waitlist_rank) };
}

async function registrationIn(tx: Transaction, meetingId: string, user: UserIdentity): Promise<Registration | undefined> {
  const { rows } = await tx.executeSql(
    `SELECT ${REGISTRATION_COLUMNS} FROM meeting_registrations r WHERE r.meeting_id = $1 AND r.tenant_id = $2 AND r.aad_object_id = $3`,
    [meetingId, user.tenantId, user.aadObjectId],
  );
  return rows[0] ? toRegistration(rows[0] as RegistrationRow) : undefined;
}

async function countsIn(tx: Transaction, meetingId: string): Promise<MeetingCounts> {
  const { rows } = await tx.executeSql(COUNTS, [meetingId]);
  return toCounts(rows[0] as CountRow, null);
}

function withSeatsLeft(counts: MeetingCounts, capacity: number | null): MeetingCounts {
  return { ...counts, seatsLeft: capacity === null ? null : Math.max(0, capacity - counts.confirmed) };
}

function toCounts(row: CountRow, capacity: number | null): MeetingCounts {
  const confirmed = Number(row.confirmed);
  return {
    confirmed,
    waitlisted: Number(row.waitlisted),
    online: Number(row.online),
    declined: Number(row.declined),
    lunches: Number(row.lunches),
    seatsLeft: capacity === null ? null : Math.max(0, capacity - confirmed),
  };
}

function toMeeting(r: MeetingRow): MeetingRecord {
  return {
    id: r.id,
    communityId: r.community_id,
    tenantId: r.tenant_id,
    category: r.category,
    format: r.kind,
    title: r.title_fr,
    agenda: r.agenda,
    location: r.location,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    lunchProvided: r.lunch_provided,
    capacity: r.capacity,
    status: r.status,
    version: r.version,
    onlineStatus: r.online_status,
    joinUrl: r.join_url,
    calendarOwner: r.calendar_owner,
    calendarEventId: r.calendar_event_id,
    speakers: (r.speakers ?? []).map((s) => ({ name: s.name, role: s.role, organisation: s.organisation, email: s.email ?? undefined })),
    createdBy: r.created_by,
    cancelledAt: r.cancelled_at,
  };
}

function toOverview(r: OverviewRow): MeetingOverview {
  const meeting = toMeeting(r);
  return {
    meeting,
    communityName: { fr: r.community_fr, en: r.community_en },
    communitySlug: r.community_slug,
    timeZone: r.time_zone,
    counts: toCounts(r, meeting.capacity),
  };
}

function toRegistration(r: RegistrationRow): Registration {
  return {
    meetingId: r.meeting_id,
    user: { tenantId: r.tenant_id, aadObjectId: r.aad_object_id },
    displayName: r.display_name,
    answer: r.answer,
    seat: r.seat,
    waitlistRank: r.waitlist_rank === null ? null : Number(r.waitlist_rank),
    lunch: r.lunch,
    dietary: r.dietary,
    attended: r.attended,
    answeredAt: r.answered_at,
  };
}

/** Meeting ids are bigint identities: anything else (typed or forged) finds nothing instead of failing the query. */
function isId(value: string): boolean {
  return /^[1-9][0-9]{0,17}$/.test(value);
}
