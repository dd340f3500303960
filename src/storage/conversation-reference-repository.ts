import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import type { Locale } from '../domain/model';
import type { ConversationReferences, SavedReference, SpeakerProfile, StoredConversationReference } from '../domain/conversation-references';

// A personal conversation is keyed by its user (the partial unique index): a new conversation id for the same
// person replaces the old one in place. Channels and group chats are keyed by their own id.
const PERSONAL_CONFLICT = `ON CONFLICT (tenant_id, aad_object_id) WHERE conversation_type = 'personal' DO UPDATE SET
             conversation_id = EXCLUDED.conversation_id,`;
const SHARED_CONFLICT = `ON CONFLICT (conversation_id) DO UPDATE SET
             conversation_type = EXCLUDED.conversation_type,`;

// A reference or profile that has not changed is not written again (every message would rewrite two rows
// and their indexes): only its updated_at would move, and it is refreshed once in a while all the same.
const UNCHANGED_KEPT = "interval '1 hour'";

// Statements on the per-message path are named: prepared once per connection, then only bound and executed,
// which roughly halves their cost on PGlite and saves a parse and plan per call on a server (bench/commands.ts).
interface UnchangedCheck {
  readonly ref: StoredConversationReference;
  readonly speaker: SpeakerProfile | undefined;
  readonly at: Date;
}

export class PgConversationReferenceRepository implements ConversationReferences {
  constructor(private readonly pool: Pool) {}

  /**
   * Upserts the reference, and the speaker's profile when there is one, in a single statement (one
   * round trip on the per-message path), leaving unchanged rows alone. A user has one personal conversation with the bot: when Teams
   * gives a new one (reinstall), the personal row is re-pointed at it. Returns the speaker's stored
   * languages (last used, chosen), so callers need not read them again.
   */
  async save(ref: StoredConversationReference, speaker: SpeakerProfile | undefined, at: Date): Promise<SavedReference> {
    const personal = ref.conversationType === 'personal';
    if (personal && !ref.aadObjectId) return { languages: undefined };
    const current = await this.whenUnchanged(ref, speaker, at);
    if (current) return current;
    const { rows } = await this.pool.query<{ locale: Locale | null; chosen_locale: Locale | null; spoke: boolean }>({
      name: personal ? 'conversation-references.save-personal' : 'conversation-references.save-shared',
      text: `WITH saved AS (
           INSERT INTO conversation_references
             (conversation_id, tenant_id, conversation_type, aad_object_id, team_id, service_url, reference, installed, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8)
           ${personal ? PERSONAL_CONFLICT : SHARED_CONFLICT}
             service_url = EXCLUDED.service_url, reference = EXCLUDED.reference, installed = true,
             team_id = coalesce(EXCLUDED.team_id, conversation_references.team_id), updated_at = EXCLUDED.updated_at
           WHERE (conversation_references.conversation_id, conversation_references.conversation_type, conversation_references.service_url,
                  conversation_references.reference, conversation_references.installed, conversation_references.team_id)
                 IS DISTINCT FROM (EXCLUDED.conversation_id, EXCLUDED.conversation_type, EXCLUDED.service_url,
                  EXCLUDED.reference, true, coalesce(EXCLUDED.team_id, conversation_references.team_id))
              OR conversation_references.updated_at < EXCLUDED.updated_at - ${UNCHANGED_KEPT}
           RETURNING 1
         ), speaker AS (
           INSERT INTO users (tenant_id, aad_object_id, display_name, locale, updated_at)
           SELECT $2, $9, $10, $11, $8 WHERE $9::text IS NOT NULL
           ON CONFLICT (tenant_id, aad_object_id) DO UPDATE
             SET display_name = coalesce(EXCLUDED.display_name, users.display_name),
                 locale = coalesce(EXCLUDED.locale, users.locale),
                 updated_at = EXCLUDED.updated_at
           WHERE (users.display_name, users.locale) IS DISTINCT FROM (coalesce(EXCLUDED.display_name, users.display_name), coalesce(EXCLUDED.locale, users.locale))
              OR users.updated_at < EXCLUDED.updated_at - ${UNCHANGED_KEPT}
           RETURNING locale, chosen_locale
         ), known AS (
           -- the row as it was before this statement: what an unchanged (so not rewritten) profile holds
           SELECT locale, chosen_locale FROM users WHERE tenant_id = $2 AND aad_object_id = $9
         )
         SELECT coalesce((SELECT locale FROM speaker), (SELECT locale FROM known)) AS locale,
                coalesce((SELECT chosen_locale FROM speaker), (SELECT chosen_locale FROM known)) AS chosen_locale,
                $9::text IS NOT NULL AS spoke, (SELECT count(*) FROM saved) AS saved`,
      values: [
        ref.conversationId,
        ref.tenantId,
        ref.conversationType,
        personal ? (ref.aadObjectId ?? null) : null,
        ref.teamId ?? null,
        ref.serviceUrl,
        JSON.stringify(ref.reference),
        at,
        speaker?.user.aadObjectId ?? null,
        speaker?.displayName ?? null,
        speaker?.locale ?? null,
      ],
    });
    const row = rows[0];
    return { languages: row?.spoke ? { lastUsed: row.locale ?? undefined, chosen: row.chosen_locale ?? undefined } : undefined };
  }

  /**
   * What a turn usually finds: the reference and the speaker's profile as stored, and written less than an
   * hour ago. Then nothing is written and the stored languages are returned, from a read-only statement:
   * the upsert would still lock both rows (ON CONFLICT DO UPDATE locks the conflicting row even when its
   * WHERE leaves it alone), which writes to the pages and the WAL and commits (bench:rsvp: 0.4 ms a turn).
   * Undefined when anything differs, and the upsert decides.
   */
  private whenUnchanged(ref: StoredConversationReference, speaker: SpeakerProfile | undefined, at: Date): Promise<SavedReference | undefined> {
    return this.checks.load({ ref, speaker, at });
  }

  /**
   * The checks of the turns that arrive in one turn of the event loop go as one statement (DataLoader;
   * nothing is cached between turns): a rush of card answers is many turns at once, each of which would
   * otherwise pay a statement's fixed cost (bench:rsvp).
   */
  private readonly checks = new DataLoader<UnchangedCheck, SavedReference | undefined>((batch) => this.checkUnchanged(batch), {
    cache: false,
    maxBatchSize: 100,
    batchScheduleFn: (run) => setImmediate(run),
  });

  private async checkUnchanged(batch: readonly UnchangedCheck[]): Promise<(SavedReference | undefined)[]> {
    // A personal conversation is current only if its row is the person's (its conversation id is unique, and
    // a person has one personal row), so every row is found by its conversation id.
    const { rows } = await this.pool.query<{ i: number; current: boolean; display_name: string | null; locale: Locale | null; chosen_locale: Locale | null; fresh: boolean | null }>({
      name: 'conversation-references.unchanged',
      text: `SELECT x.i, EXISTS (
                SELECT 1 FROM conversation_references r
                 WHERE r.conversation_id = x.conversation_id
                   AND (x.conversation_type <> 'personal' OR (r.tenant_id = x.tenant_id AND r.aad_object_id = x.aad_object_id))
                   AND (r.conversation_type, r.service_url, r.reference, r.installed, r.team_id)
                       IS NOT DISTINCT FROM (x.conversation_type, x.service_url, x.reference, true, coalesce(x.team_id, r.team_id))
                   AND r.updated_at >= x.at - ${UNCHANGED_KEPT}) AS current,
              u.display_name, u.locale, u.chosen_locale, u.updated_at >= x.at - ${UNCHANGED_KEPT} AS fresh
         FROM jsonb_to_recordset($1::jsonb) AS x(i integer, conversation_id text, tenant_id text, conversation_type text, aad_object_id text,
                team_id text, service_url text, reference jsonb, at timestamptz, speaker text)
         LEFT JOIN users u ON u.tenant_id = x.tenant_id AND u.aad_object_id = x.speaker`,
      values: [
        JSON.stringify(
          batch.map(({ ref, speaker, at }, i) => ({
            i,
            conversation_id: ref.conversationId,
            tenant_id: ref.tenantId,
            conversation_type: ref.conversationType,
            aad_object_id: ref.conversationType === 'personal' ? (ref.aadObjectId ?? null) : null,
            team_id: ref.teamId ?? null,
            service_url: ref.serviceUrl,
            reference: ref.reference,
            at: at.toISOString(),
            speaker: speaker?.user.aadObjectId ?? null,
          })),
        ),
      ],
    });
    const found = new Map(rows.map((row) => [row.i, row]));
    return batch.map(({ speaker }, i) => {
      const row = found.get(i);
      if (!row?.current) return undefined;
      if (!speaker) return { languages: undefined };
      // The profile as the upsert would leave it: an absent name or language keeps the stored one.
      const unchanged = row.fresh === true && (speaker.displayName ?? row.display_name) === row.display_name && (speaker.locale ?? row.locale) === row.locale;
      return unchanged ? { languages: { lastUsed: row.locale ?? undefined, chosen: row.chosen_locale ?? undefined } } : undefined;
    });
  }

  async markUninstalled(conversationId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE conversation_references SET installed = false, updated_at = $2 WHERE conversation_id = $1', [
      conversationId,
      at,
    ]);
  }

  async find(conversationId: string): Promise<StoredConversationReference | undefined> {
    return this.findWhere('conversation_id = $1', [conversationId]);
  }

  async findPersonal(tenantId: string, aadObjectId: string): Promise<StoredConversationReference | undefined> {
    return this.findWhere("conversation_type = 'personal' AND tenant_id = $1 AND aad_object_id = $2", [tenantId, aadObjectId]);
  }

  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ service_url: string }>(
      'SELECT service_url FROM conversation_references WHERE tenant_id = $1 ORDER BY updated_at DESC LIMIT 1',
      [tenantId],
    );
    return rows[0]?.service_url;
  }

  private async findWhere(where: string, params: unknown[]): Promise<StoredConversationReference | undefined> {
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
         FROM conversation_references WHERE installed AND ${where}`,
      params,
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
