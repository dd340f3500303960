import type { Pool } from 'pg';
import type { UserIdentity } from '../../src/domain/model';
import { TENANT_ID } from './teams-activities';

/**
 * A community ready for meetings, as the app would have it after its launch: an organiser, members who
 * each opened the app (a 1:1 conversation reference at the Bot Connector stand-in), and its team's
 * General channel known to the bot.
 */
export interface MeetingPerson {
  readonly user: UserIdentity;
  /** As Teams sends it in activities (from.id, from.aadObjectId, from.name). */
  readonly from: { readonly id: string; readonly aadObjectId: string; readonly name: string };
  readonly conversationId: string;
  readonly name: string;
}

export interface MeetingCommunity {
  readonly communityId: string;
  readonly slug: string;
  readonly name: string;
  readonly organiser: MeetingPerson;
  readonly members: readonly MeetingPerson[];
  readonly channelId: string;
}

export function meetingPerson(i: number, prefix = 'e'): MeetingPerson {
  const aadObjectId = `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const name = i === 0 ? 'Organisatrice Zéro' : `Membre ${i}`;
  return {
    user: { tenantId: TENANT_ID, aadObjectId },
    from: { id: `29:meeting-${prefix}-${i}`, aadObjectId, name },
    conversationId: `a:meeting-${prefix}-${i}`,
    name,
  };
}

/**
 * `members` members (Membre 1…n) and their organiser (person 0, a member too), with 1:1 references and the General channel.
 * `talkedIn`: everyone has already talked to the bot in that language, so their reference and profile are what
 * the bot itself recorded then (the reference's locale, the profile's last language), and a turn finds them unchanged.
 */
export async function seedMeetingCommunity(
  pool: Pool,
  serviceUrl: string,
  members: number,
  options: { slug?: string; prefix?: string; talkedIn?: 'fr-CA' | 'en-US' } = {},
): Promise<MeetingCommunity> {
  const prefix = options.prefix ?? 'e';
  const slug = options.slug ?? `bien-etre-${prefix}`;
  const name = 'Bien-être numérique';
  const channelId = `19:general-${slug}@thread.tacv2`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status, team_id, general_channel_id)
     VALUES ($1, $2, 'Digital well-being', 'r', 's', 'd', 'd', 'active', $3, $4) RETURNING id::text`,
    [slug, name, `team-${slug}`, channelId],
  );
  const communityId = rows[0]?.id ?? '';
  const organiser = meetingPerson(0, prefix);
  const people = [organiser, ...Array.from({ length: members }, (_, i) => meetingPerson(i + 1, prefix))];
  await pool.query('INSERT INTO community_organisers (community_id, tenant_id, aad_object_id, display_name) VALUES ($1, $2, $3, $4)', [
    communityId,
    TENANT_ID,
    organiser.user.aadObjectId,
    organiser.name,
  ]);
  await pool.query(
    `INSERT INTO users (tenant_id, aad_object_id, display_name, locale, updated_at)
     SELECT $1, x.aad, x.name, $3, now() FROM jsonb_to_recordset($2::jsonb) AS x(aad text, name text) ON CONFLICT DO NOTHING`,
    [TENANT_ID, JSON.stringify(people.map((p) => ({ aad: p.user.aadObjectId, name: p.name }))), options.talkedIn ?? null],
  );
  await pool.query(
    `INSERT INTO memberships (community_id, tenant_id, aad_object_id) SELECT $1, $2, x.aad FROM jsonb_to_recordset($3::jsonb) AS x(aad text)`,
    [communityId, TENANT_ID, JSON.stringify(people.map((p) => ({ aad: p.user.aadObjectId })))],
  );
  const references: { id: string; type: string; aad: string | null; team: string | null; reference: Record<string, unknown> }[] = people.map((p) => ({
    id: p.conversationId,
    type: 'personal',
    aad: p.user.aadObjectId,
    team: null,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: '28:meeting-bot', name: 'Communautés' },
      user: { id: p.from.id, name: p.name, aadObjectId: p.user.aadObjectId },
      conversation: { id: p.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
      ...(options.talkedIn ? { locale: options.talkedIn } : {}),
    },
  }));
  references.push({
    id: channelId,
    type: 'channel',
    aad: null,
    team: `team-${slug}`,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: '28:meeting-bot', name: 'Communautés' },
      user: { id: '', name: '', aadObjectId: '' },
      conversation: { id: channelId, conversationType: 'channel', tenantId: TENANT_ID },
    },
  });
  await pool.query(
    `INSERT INTO conversation_references (conversation_id, tenant_id, conversation_type, aad_object_id, team_id, service_url, reference, updated_at)
     SELECT x.id, $1, x.type, x.aad, x.team, $2, x.reference, now()
       FROM jsonb_to_recordset($3::jsonb) AS x(id text, type text, aad text, team text, reference jsonb)`,
    [TENANT_ID, serviceUrl, JSON.stringify(references)],
  );
  return { communityId, slug, name, organiser, members: people.slice(1), channelId };
}
