import type { Pool } from 'pg';
import type { Transaction } from '../domain/provisioning-ports';
import type { DeliveryFallback, DeliveryRecipient, NewDeliveryReport, OutboxEntry, UnreachableReason } from '../domain/delivery/outbox';
import type {
  AttemptLog,
  AttemptResult,
  DeliveryReportView,
  DeliveryReports,
  NotReached,
  OutboxMessage,
  OutboxStore,
  PostedCard,
} from '../domain/delivery/outbox-store';

interface MessageRow {
  id: string;
  key: string;
  tenant_id: string;
  report_id: string | null;
  community_id: string | null;
  category: OutboxMessage['category'];
  operation: OutboxMessage['operation'];
  recipient: OutboxMessage['recipient'];
  content: OutboxMessage['content'];
  attempts: number;
  activity_id: string | null;
}

const MESSAGE_COLUMNS = 'id::text AS id, key, tenant_id, report_id::text AS report_id, community_id::text AS community_id, category, operation, recipient, content, attempts, activity_id';

/** Not-reached people listed on a card or in `livraison`: enough to act on, not a directory dump. */
const NOT_REACHED_LIMIT = 50;

export class PgOutboxStore implements OutboxStore, DeliveryReports {
  constructor(private readonly pool: Pool) {}

  async insert(tx: Transaction, entries: readonly OutboxEntry[], report: NewDeliveryReport | undefined, at: Date): Promise<number> {
    let reportId: string | null = null;
    if (report) {
      // The same report key twice (a job retried after its transaction committed) is the same report.
      const { rows } = await tx.executeSql(
        `WITH created AS (
           INSERT INTO delivery_reports (key, tenant_id, community_id, kind, card, created_at, meeting_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (key) DO NOTHING RETURNING id)
         SELECT id::text AS id FROM created UNION ALL SELECT id::text FROM delivery_reports WHERE key = $1 LIMIT 1`,
        [report.key, report.tenantId, report.communityId, report.kind, report.card && JSON.stringify(report.card), at, report.meetingId ?? null],
      );
      reportId = (rows[0] as { id: string }).id;
    }
    if (entries.length === 0) return 0;
    const replaced = [...new Set(entries.map((e) => e.replaces).filter((r): r is string => r !== undefined))];
    const rows = entries.map((e) => ({
      key: e.key,
      tenant_id: e.tenantId,
      report_id: reportId,
      community_id: e.communityId,
      category: e.category,
      operation: e.operation,
      recipient: e.recipient,
      recipient_aad_object_id: e.recipient.kind === 'person' ? e.recipient.user.aadObjectId : null,
      recipient_name: e.recipient.kind === 'email' ? e.recipient.name : null,
      content: e.content,
      replaces: e.replaces ?? null,
      urgent: e.urgent ?? false,
      card_key: e.card ?? null,
      not_before: e.notBefore?.toISOString() ?? null,
    }));
    // One statement for any number of recipients: a launch to 5,000 people is one round trip.
    // Superseding what the new entries replace happens in the same statement (its snapshot does not see the new rows).
    const { rows: inserted } = await tx.executeSql(
      `WITH superseded AS (
         UPDATE outbox_messages SET status = 'superseded', updated_at = $2
          WHERE cardinality($3::text[]) > 0 AND replaces = ANY($3::text[]) AND status IN ('queued', 'retrying')
            -- The same entry written again (the same key) is kept as it was, not superseded by itself.
            AND NOT (key = ANY($4::text[])))
       INSERT INTO outbox_messages
         (key, tenant_id, report_id, community_id, category, operation, recipient, recipient_aad_object_id, recipient_name, content,
          replaces, urgent, card_key, next_attempt_at, created_at, updated_at)
       SELECT x.key, x.tenant_id, x.report_id, x.community_id, x.category, x.operation, x.recipient, x.recipient_aad_object_id,
              x.recipient_name, x.content, x.replaces, x.urgent, x.card_key, greatest(coalesce(x.not_before, $2), $2), $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(key text, tenant_id text, report_id bigint, community_id bigint, category text,
              operation text, recipient jsonb, recipient_aad_object_id text, recipient_name text, content jsonb, replaces text, urgent boolean,
              card_key text, not_before timestamptz)
       ON CONFLICT (key) DO NOTHING
       RETURNING 1`,
      [JSON.stringify(rows), at, replaced, replaced.length > 0 ? entries.map((e) => e.key) : []],
      'outbox.insert',
    );
    return inserted.length;
  }

  async tenantsWithWork(): Promise<string[]> {
    const { rows } = await this.pool.query<{ tenant_id: string }>(
      "SELECT DISTINCT tenant_id FROM outbox_messages WHERE status IN ('queued', 'retrying', 'sending')",
    );
    return rows.map((r) => r.tenant_id);
  }

  async due(tenantId: string, now: Date, limit: number, exclude: readonly string[]): Promise<OutboxMessage[]> {
    const { rows } = await this.pool.query<MessageRow>({
      name: 'outbox.due',
      text: `SELECT ${MESSAGE_COLUMNS} FROM outbox_messages
              WHERE tenant_id = $1 AND status IN ('queued', 'retrying') AND next_attempt_at <= $2 AND NOT (id = ANY($4::bigint[]))
              ORDER BY urgent DESC, next_attempt_at, id LIMIT $3`,
      values: [tenantId, now, limit, exclude],
    });
    return rows.map(toMessage);
  }

  async nextDueAt(tenantId: string): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ next: Date | null }>(
      "SELECT min(next_attempt_at) AS next FROM outbox_messages WHERE tenant_id = $1 AND status IN ('queued', 'retrying')",
      [tenantId],
    );
    const next = rows[0]?.next;
    return next ? new Date(next) : undefined;
  }

  async settleUnconfirmed(tenantId: string, holder: string, at: Date): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE outbox_messages SET status = 'sent', unconfirmed = true, holder = NULL, updated_at = $3
        WHERE tenant_id = $1 AND status = 'sending' AND holder IS DISTINCT FROM $2`,
      [tenantId, holder, at],
    );
    return rowCount ?? 0;
  }

  async defer(id: string, until: Date, at: Date): Promise<void> {
    await this.pool.query({
      name: 'outbox.defer',
      text: "UPDATE outbox_messages SET next_attempt_at = $2, updated_at = $3 WHERE id = $1 AND status IN ('queued', 'retrying')",
      values: [id, until, at],
    });
  }

  async markSending(id: string, holder: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query({
      name: 'outbox.mark-sending',
      text: `UPDATE outbox_messages SET status = 'sending', holder = $2, attempts = attempts + 1, updated_at = $3
              WHERE id = $1 AND status IN ('queued', 'retrying')`,
      values: [id, holder, at],
    });
    return rowCount === 1;
  }

  async record(id: string, holder: string, result: AttemptResult, log: AttemptLog | undefined, at: Date): Promise<boolean> {
    const fields = resultColumns(result);
    const { rowCount } = await this.pool.query({
      name: 'outbox.record',
      text: `WITH logged AS (
               INSERT INTO outbox_attempts (message_id, conversation_id, at, http_status, code)
               SELECT $1, $10, $9, $11, $12 WHERE $13::boolean AND EXISTS (SELECT 1 FROM outbox_messages WHERE id = $1 AND holder = $2)
               RETURNING 1),
             updated AS (
             UPDATE outbox_messages
                SET status = $3, reason = $4, fallback = $5, last_error = coalesce($6, last_error),
                    activity_id = coalesce($7, activity_id), conversation_id = coalesce($10, conversation_id),
                    next_attempt_at = coalesce($8, next_attempt_at), holder = NULL, updated_at = $9
              WHERE id = $1 AND holder = $2
             RETURNING card_key, tenant_id, conversation_id, activity_id),
             posted AS (
               -- A card sent with a key is remembered where it landed, so later changes update it in place.
               INSERT INTO posted_cards (card_key, tenant_id, conversation_id, activity_id, posted_at)
               SELECT card_key, tenant_id, conversation_id, activity_id, $9 FROM updated
                WHERE $3 = 'sent' AND card_key IS NOT NULL AND conversation_id IS NOT NULL AND activity_id IS NOT NULL
               ON CONFLICT (card_key) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, activity_id = EXCLUDED.activity_id,
                 posted_at = EXCLUDED.posted_at
               RETURNING 1)
             SELECT 1 FROM updated`,
      values: [
        id,
        holder,
        result.status,
        fields.reason,
        fields.fallback,
        fields.error,
        fields.activityId,
        fields.nextAttemptAt,
        at,
        fields.conversationId ?? log?.conversationId ?? null,
        log?.httpStatus ?? null,
        log?.code ?? null,
        log !== undefined,
      ],
    });
    return rowCount === 1;
  }

  async recentAttempts(conversationIds: readonly string[], since: Date): Promise<{ conversationId: string; at: Date }[]> {
    if (conversationIds.length === 0) return [];
    const { rows } = await this.pool.query<{ conversation_id: string; at: Date }>(
      'SELECT conversation_id, at FROM outbox_attempts WHERE conversation_id = ANY($1::text[]) AND at >= $2 ORDER BY at',
      [conversationIds, since],
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, at: new Date(r.at) }));
  }

  async recentTenantAttempts(tenantId: string, since: Date): Promise<Date[]> {
    const { rows } = await this.pool.query<{ at: Date }>(
      `SELECT a.at FROM outbox_attempts a JOIN outbox_messages m ON m.id = a.message_id
        WHERE m.tenant_id = $1 AND a.at >= $2 ORDER BY a.at`,
      [tenantId, since],
    );
    return rows.map((r) => new Date(r.at));
  }

  async purgeSettled(before: Date, limit: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH gone AS (
         SELECT id FROM outbox_messages
          WHERE status IN ('sent', 'skipped', 'superseded', 'unreachable', 'failed') AND updated_at < $1
          ORDER BY updated_at, id LIMIT $2)
       DELETE FROM outbox_messages m USING gone WHERE m.id = gone.id`,
      [before, limit],
    );
    const deleted = rowCount ?? 0;
    // Reports emptied by the purge: once, with its last batch (the one that comes back short).
    if (deleted < limit) {
      await this.pool.query(
        'DELETE FROM delivery_reports r WHERE r.created_at < $1 AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE m.report_id = r.id)',
        [before],
      );
    }
    return deleted;
  }

  async postedCard(cardKey: string): Promise<PostedCard | 'pending' | undefined> {
    const { rows } = await this.pool.query<{ conversation_id: string; activity_id: string }>({
      name: 'outbox.posted-card',
      text: 'SELECT conversation_id, activity_id FROM posted_cards WHERE card_key = $1',
      values: [cardKey],
    });
    if (rows[0]) return { conversationId: rows[0].conversation_id, activityId: rows[0].activity_id };
    const { rows: waiting } = await this.pool.query(
      "SELECT 1 FROM outbox_messages WHERE card_key = $1 AND operation = 'send' AND status IN ('queued', 'sending', 'retrying') LIMIT 1",
      [cardKey],
    );
    return waiting.length > 0 ? 'pending' : undefined;
  }

  async cardsUnder(prefix: string, tx?: Transaction): Promise<string[]> {
    // Cards posted, and those whose send is out now: rendered a moment ago, they may show the state before the change.
    const text = `SELECT card_key FROM posted_cards WHERE starts_with(card_key, $1)
       UNION SELECT card_key FROM outbox_messages WHERE status = 'sending' AND card_key IS NOT NULL AND starts_with(card_key, $1)
       ORDER BY 1`;
    const { rows } = tx ? await tx.executeSql(text, [prefix]) : await this.pool.query(text, [prefix]);
    return (rows as { card_key: string }[]).map((r) => r.card_key);
  }

  async nameRecipient(id: string, name: string): Promise<void> {
    await this.pool.query('UPDATE outbox_messages SET recipient_name = $2 WHERE id = $1', [id, name]);
  }

  async find(reportId: string): Promise<DeliveryReportView | undefined> {
    const [report] = await this.reportsWhere('r.id = $1', [reportId], 1);
    return report;
  }

  async latest(communityId: string, limit: number): Promise<DeliveryReportView[]> {
    return this.reportsWhere('r.community_id = $1', [communityId], limit);
  }

  private async reportsWhere(where: string, values: unknown[], limit: number): Promise<DeliveryReportView[]> {
    const { rows } = await this.pool.query<ReportRow>(
      `SELECT r.id::text AS id, r.community_id::text AS community_id, r.kind, r.created_at, r.card,
              count(m.id)::int AS total,
              count(m.id) FILTER (WHERE m.status = 'sent')::int AS sent,
              count(m.id) FILTER (WHERE m.status = 'sent' AND m.fallback = 'installed')::int AS sent_after_install,
              count(m.id) FILTER (WHERE m.status IN ('queued', 'sending') AND m.attempts = 0)::int AS pending,
              count(m.id) FILTER (WHERE m.status IN ('retrying') OR (m.status IN ('queued', 'sending') AND m.attempts > 0))::int AS retrying,
              count(m.id) FILTER (WHERE m.status = 'skipped' AND m.reason = 'muted')::int AS muted
         FROM delivery_reports r LEFT JOIN outbox_messages m ON m.report_id = r.id
        WHERE ${where}
        GROUP BY r.id ORDER BY r.created_at DESC, r.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      values,
    );
    if (rows.length === 0) return [];
    const { rows: missed } = await this.pool.query<MissedRow>(
      `SELECT m.report_id::text AS report_id, m.recipient_aad_object_id, coalesce(m.recipient_name, u.display_name) AS name,
              m.status, m.reason, m.fallback
         FROM outbox_messages m
         LEFT JOIN users u ON u.tenant_id = m.tenant_id AND u.aad_object_id = m.recipient_aad_object_id
        WHERE m.report_id = ANY($1::bigint[]) AND m.status IN ('unreachable', 'failed')
        ORDER BY m.report_id, coalesce(m.recipient_name, u.display_name) NULLS LAST, m.id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      communityId: r.community_id,
      kind: r.kind,
      createdAt: new Date(r.created_at),
      card: r.card,
      total: r.total,
      sent: r.sent,
      sentAfterInstall: r.sent_after_install,
      pending: r.pending,
      retrying: r.retrying,
      muted: r.muted,
      notReached: missed
        .filter((m) => m.report_id === r.id)
        .slice(0, NOT_REACHED_LIMIT)
        .map(
          (m): NotReached => ({
            aadObjectId: m.recipient_aad_object_id,
            name: m.name,
            status: m.status,
            reason: m.reason ?? 'gave_up',
            fallback: m.fallback ?? 'none',
          }),
        ),
    }));
  }
}

interface ReportRow {
  id: string;
  community_id: string;
  kind: DeliveryReportView['kind'];
  created_at: Date;
  card: DeliveryRecipient | null;
  total: number;
  sent: number;
  sent_after_install: number;
  pending: number;
  retrying: number;
  muted: number;
}

interface MissedRow {
  report_id: string;
  recipient_aad_object_id: string | null;
  name: string | null;
  status: NotReached['status'];
  reason: UnreachableReason | null;
  fallback: DeliveryFallback | null;
}

function toMessage(r: MessageRow): OutboxMessage {
  return {
    id: r.id,
    key: r.key,
    tenantId: r.tenant_id,
    reportId: r.report_id,
    communityId: r.community_id,
    category: r.category,
    operation: r.operation,
    recipient: r.recipient,
    content: r.content,
    attempts: r.attempts,
    activityId: r.activity_id,
  };
}

function resultColumns(result: AttemptResult): {
  reason: string | null;
  fallback: string | null;
  error: string | null;
  activityId: string | null;
  nextAttemptAt: Date | null;
  conversationId: string | null;
} {
  switch (result.status) {
    case 'sent':
      return { reason: null, fallback: result.fallback ?? null, error: null, activityId: result.activityId, nextAttemptAt: null, conversationId: result.conversationId };
    case 'retrying':
      return { reason: null, fallback: null, error: result.error, activityId: null, nextAttemptAt: result.nextAttemptAt, conversationId: null };
    case 'unreachable':
      return { reason: result.reason, fallback: result.fallback, error: result.error ?? null, activityId: null, nextAttemptAt: null, conversationId: null };
    case 'failed':
      return { reason: 'gave_up', fallback: 'none', error: result.error, activityId: null, nextAttemptAt: null, conversationId: null };
    case 'skipped':
      return { reason: result.reason, fallback: null, error: null, activityId: null, nextAttemptAt: null, conversationId: null };
  }
}
