import type { Pool } from 'pg';
import type { Locale } from '../domain/model';
import type { ProgressMessage, ProgressMessages } from '../domain/provisioning-ports';

export type { ProgressMessage } from '../domain/provisioning-ports';

export class PgProgressMessageRepository implements ProgressMessages {
  constructor(private readonly pool: Pool) {}

  async remember(message: ProgressMessage, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO progress_messages (job_reference, activity_id, conversation, locale, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_reference) DO UPDATE
         SET activity_id = EXCLUDED.activity_id, conversation = EXCLUDED.conversation, locale = EXCLUDED.locale, updated_at = EXCLUDED.updated_at`,
      [message.jobReference, message.activityId, JSON.stringify(message.conversation), message.locale, at],
    );
  }

  async find(jobReference: string): Promise<ProgressMessage | undefined> {
    const { rows } = await this.pool.query<{ job_reference: string; activity_id: string; conversation: Record<string, unknown>; locale: Locale }>(
      'SELECT job_reference, activity_id, conversation, locale FROM progress_messages WHERE job_reference = $1',
      [jobReference],
    );
    const r = rows[0];
    return r && { jobReference: r.job_reference, activityId: r.activity_id, conversation: r.conversation, locale: r.locale };
  }
}
