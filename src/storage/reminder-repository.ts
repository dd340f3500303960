import type { Pool } from 'pg';
import type { Transaction } from '../domain/provisioning-ports';
import type { ReminderRow, ReminderStore } from '../domain/meetings/meeting-ports';

interface Row {
  meeting_id: string;
  version: number;
  offset_code: string;
  due_at: Date;
  status: ReminderRow['status'];
  generation: number;
}

const COLUMNS = 'meeting_id::text, version, offset_code, due_at, status, generation';

/** Each meeting version's reminders: a moved meeting's old rows are cancelled, its jobs then find nothing to do. */
export class PgReminderRepository implements ReminderStore {
  constructor(private readonly pool: Pool) {}

  async replace(tx: Transaction, meetingId: string, version: number, reminders: readonly { offset: string; dueAt: Date }[]): Promise<ReminderRow[]> {
    const offsets = reminders.map((r) => r.offset);
    await tx.executeSql(
      `UPDATE meeting_reminders SET status = 'cancelled', settled_at = now()
        WHERE meeting_id = $1 AND status = 'scheduled' AND (version <> $2 OR NOT (offset_code = ANY($3::text[])))`,
      [meetingId, version, offsets],
    );
    if (reminders.length === 0) return [];
    const { rows } = await tx.executeSql(
      `INSERT INTO meeting_reminders AS m (meeting_id, version, offset_code, due_at)
       SELECT $1, $2, r.offset_code, r.due_at FROM jsonb_to_recordset($3::jsonb) AS r(offset_code text, due_at timestamptz)
       ON CONFLICT (meeting_id, version, offset_code) DO UPDATE SET status = 'scheduled', due_at = EXCLUDED.due_at,
         generation = m.generation + 1, settled_at = NULL
         WHERE m.status = 'cancelled'
       RETURNING ${COLUMNS}`,
      [meetingId, version, JSON.stringify(reminders.map((r) => ({ offset_code: r.offset, due_at: r.dueAt.toISOString() })))],
    );
    return (rows as Row[]).map(toReminder);
  }

  async cancelAll(tx: Transaction, meetingId: string): Promise<void> {
    await tx.executeSql("UPDATE meeting_reminders SET status = 'cancelled', settled_at = now() WHERE meeting_id = $1 AND status = 'scheduled'", [meetingId]);
  }

  async lock(tx: Transaction, meetingId: string, version: number, offset: string): Promise<ReminderRow | undefined> {
    const { rows } = await tx.executeSql(`SELECT ${COLUMNS} FROM meeting_reminders WHERE meeting_id = $1 AND version = $2 AND offset_code = $3 FOR UPDATE`, [
      meetingId,
      version,
      offset,
    ]);
    return rows[0] ? toReminder(rows[0] as Row) : undefined;
  }

  async settle(tx: Transaction, reminder: ReminderRow, status: 'sent' | 'dropped' | 'cancelled', at: Date): Promise<void> {
    await tx.executeSql('UPDATE meeting_reminders SET status = $4, settled_at = $5 WHERE meeting_id = $1 AND version = $2 AND offset_code = $3', [
      reminder.meetingId,
      reminder.version,
      reminder.offset,
      status,
      at,
    ]);
  }

  async scheduled(): Promise<ReminderRow[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM meeting_reminders WHERE status = 'scheduled' ORDER BY due_at`);
    return rows.map(toReminder);
  }

  async offsetsOf(communityId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ reminder_offsets: string[] }>('SELECT reminder_offsets FROM communities WHERE id = $1', [communityId]);
    return rows[0]?.reminder_offsets ?? [];
  }

  async setOffsets(communityId: string, offsets: readonly string[]): Promise<void> {
    await this.pool.query('UPDATE communities SET reminder_offsets = $2, updated_at = now() WHERE id = $1', [communityId, [...offsets]]);
  }
}

function toReminder(r: Row): ReminderRow {
  return { meetingId: r.meeting_id, version: r.version, offset: r.offset_code, dueAt: r.due_at, status: r.status, generation: r.generation };
}
