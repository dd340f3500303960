import type { Pool } from 'pg';

/** A conversation the bot can write to later, in the SDK-neutral shape the bot adapter stores. */
export interface StoredConversationReference {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  readonly aadObjectId: string | undefined;
  readonly teamId: string | undefined;
  readonly serviceUrl: string;
  readonly reference: Record<string, unknown>;
}

// Statements on the per-message path are named: prepared once per connection, then only bound and executed,
// which roughly halves their cost on PGlite and saves a parse and plan per call on a server (bench/commands.ts).
export class PgConversationReferenceRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Upserts the reference. A user has one personal conversation with the bot: when Teams gives a new
   * one (reinstall), the old row is replaced in the same transaction.
   */
  async save(ref: StoredConversationReference, at: Date): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (ref.conversationType === 'personal' && ref.aadObjectId) {
        await client.query({
          name: 'conversation-references.replace-personal',
          text: `DELETE FROM conversation_references
            WHERE conversation_type = 'personal' AND tenant_id = $1 AND aad_object_id = $2 AND conversation_id <> $3`,
          values: [ref.tenantId, ref.aadObjectId, ref.conversationId],
        });
      }
      await client.query({
        name: 'conversation-references.upsert',
        text: `INSERT INTO conversation_references
           (conversation_id, tenant_id, conversation_type, aad_object_id, team_id, service_url, reference, installed, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8)
         ON CONFLICT (conversation_id) DO UPDATE SET
           tenant_id = EXCLUDED.tenant_id, conversation_type = EXCLUDED.conversation_type,
           aad_object_id = coalesce(EXCLUDED.aad_object_id, conversation_references.aad_object_id),
           team_id = coalesce(EXCLUDED.team_id, conversation_references.team_id),
           service_url = EXCLUDED.service_url, reference = EXCLUDED.reference, installed = true,
           updated_at = EXCLUDED.updated_at`,
        values: [
          ref.conversationId,
          ref.tenantId,
          ref.conversationType,
          ref.conversationType === 'personal' ? (ref.aadObjectId ?? null) : null,
          ref.teamId ?? null,
          ref.serviceUrl,
          JSON.stringify(ref.reference),
          at,
        ],
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async markUninstalled(conversationId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE conversation_references SET installed = false, updated_at = $2 WHERE conversation_id = $1', [
      conversationId,
      at,
    ]);
  }

  async findPersonal(tenantId: string, aadObjectId: string): Promise<StoredConversationReference | undefined> {
    const { rows } = await this.pool.query<{
      conversation_id: string;
      tenant_id: string;
      conversation_type: StoredConversationReference['conversationType'];
      aad_object_id: string | null;
      team_id: string | null;
      service_url: string;
      reference: Record<string, unknown>;
    }>(
      `SELECT conversation_id, tenant_id, conversation_type, aad_object_id, team_id, service_url, reference
         FROM conversation_references WHERE conversation_type = 'personal' AND tenant_id = $1 AND aad_object_id = $2`,
      [tenantId, aadObjectId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      conversationId: r.conversation_id,
      tenantId: r.tenant_id,
      conversationType: r.conversation_type,
      aadObjectId: r.aad_object_id ?? undefined,
      teamId: r.team_id ?? undefined,
      serviceUrl: r.service_url,
      reference: r.reference,
    };
  }
}
