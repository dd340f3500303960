import type { Pool } from 'pg';
import { searchTextOf } from '../../src/domain/recordings/recording-form';
import { foldText } from '../../src/domain/text-normalization';

/** The size bench:tab loads (issue 9): a large university's catalogue. */
export const CATALOGUE = { communities: 500, meetingsPerCommunity: 10, recordingsPerCommunity: 40 } as const;

const TOPICS = ['Sécurité', 'Données ouvertes', 'Infonuagique', 'Pédagogie', 'Architecture', 'Éthique', 'Apprentissage automatique', 'Accessibilité', 'Géomatique', 'Bibliothéconomie'];
const SPEAKERS = ['Geneviève Gagnon', 'Luc Côté', 'Ana Roy', 'Priya Patel', 'Mathieu Bouchard', 'Zoé Lévesque', 'Jordan Smith', 'Camille Tremblay', 'Hélène Bérubé', 'Noah Martin'];

/**
 * 500 communities with 10 meetings each (5,000: half held, half ahead) and 40 recordings each (20,000,
 * a quarter public), the viewer a member of the first `memberOf` communities and organiser of the first.
 * Bulk inserts (unnest) in a few statements per table, so loading takes seconds.
 */
export async function loadCatalogue(pool: Pool, viewer: { tenantId: string; aadObjectId: string }, memberOf: number, now: Date): Promise<void> {
  const n = CATALOGUE.communities;
  const slugs = Array.from({ length: n }, (_, i) => `communaute-${i + 1}`);
  const names = slugs.map((_, i) => `${TOPICS[i % TOPICS.length]} ${i + 1}`);
  const ids = (
    await pool.query<{ id: string }>(
      `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status)
       SELECT s, nf, nf || ' (EN)', 'Résumé de ' || nf, 'Summary of ' || nf, 'Une communauté de pratique sur ' || nf, 'A community of practice on ' || nf,
              CASE WHEN o % 10 = 0 THEN 'en_preparation' ELSE 'active' END
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(s, nf, o) ORDER BY o RETURNING id::text`,
      [slugs, names],
    )
  ).rows.map((r) => r.id);
  await pool.query(
    `INSERT INTO community_organisers (community_id, tenant_id, aad_object_id, display_name) SELECT c, $2, $3, 'Organisatrice' FROM unnest($1::bigint[]) AS c`,
    [ids.slice(0, Math.max(1, Math.floor(memberOf / 4))), viewer.tenantId, viewer.aadObjectId],
  );
  await pool.query(`INSERT INTO memberships (community_id, tenant_id, aad_object_id) SELECT c, $2, $3 FROM unnest($1::bigint[]) AS c`, [
    ids.slice(0, memberOf),
    viewer.tenantId,
    viewer.aadObjectId,
  ]);
  // Other members, so counts are not all zero: 20 per community.
  await pool.query(
    `INSERT INTO memberships (community_id, tenant_id, aad_object_id)
     SELECT c, $2, 'membre-' || c || '-' || k FROM unnest($1::bigint[]) AS c, generate_series(1, 20) AS k`,
    [ids, viewer.tenantId],
  );
  const day = 86_400_000;
  await pool.query(
    `INSERT INTO meetings (community_id, tenant_id, category, kind, title_fr, title_en, location, starts_at, ends_at, lunch_provided, capacity)
     SELECT c, $2, 'official', 'in_person', 'Rencontre ' || k, 'Meeting ' || k, 'Cœur des sciences',
            $3::timestamptz + ((k - 5) * 30 || ' days')::interval, $3::timestamptz + ((k - 5) * 30 || ' days')::interval + interval '4 hours', true, 60
       FROM unnest($1::bigint[]) AS c, generate_series(1, $4::int) AS k`,
    [ids, viewer.tenantId, new Date(now.getTime() + day), CATALOGUE.meetingsPerCommunity],
  );
  for (let start = 0; start < n; start += 50) {
    const rows: { c: string; title: string; speakers: string[]; description: string; recordedOn: string; visibility: string; search: string }[] = [];
    for (let i = start; i < Math.min(n, start + 50); i += 1) {
      for (let k = 0; k < CATALOGUE.recordingsPerCommunity; k += 1) {
        const topic = TOPICS[(i + k) % TOPICS.length] ?? '';
        const speakers = [SPEAKERS[(i + k) % SPEAKERS.length] ?? '', SPEAKERS[(i * 7 + k) % SPEAKERS.length] ?? ''].filter((s, j, all) => all.indexOf(s) === j);
        const title = `${topic} : exposé ${k + 1} de ${names[i] ?? ''}`;
        const description = `Présentation sur ${topic.toLowerCase()} et discussion avec les membres.`;
        const recordedOn = new Date(now.getTime() - (k * 9 + (i % 9) + 1) * day).toISOString().slice(0, 10);
        rows.push({ c: ids[i] ?? '', title, speakers, description, recordedOn, visibility: k % 4 === 0 ? 'public' : 'members', search: searchTextOf([title, ...speakers, description, names[i] ?? '']) });
      }
    }
    const inserted = await pool.query<{ id: string }>(
      `INSERT INTO recordings (community_id, title, description, speakers, url, recorded_on, visibility, search_text)
       SELECT c, t, d, string_to_array(s, '|'), 'https://example.org/videos/' || o, r::date, v, x
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(c, t, d, s, r, v, x, o)
        ORDER BY o RETURNING id::text`,
      [rows.map((r) => r.c), rows.map((r) => r.title), rows.map((r) => r.description), rows.map((r) => r.speakers.join('|')), rows.map((r) => r.recordedOn), rows.map((r) => r.visibility), rows.map((r) => r.search)],
    );
    const speakerRows = rows.flatMap((r, j) => r.speakers.map((name, p) => ({ id: inserted.rows[j]?.id ?? '', p: p + 1, name })));
    await pool.query(
      `INSERT INTO recording_speakers (recording_id, position, name, folded) SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[])`,
      [speakerRows.map((s) => s.id), speakerRows.map((s) => s.p), speakerRows.map((s) => s.name), speakerRows.map((s) => foldText(s.name))],
    );
  }
  await pool.query('ANALYZE');
}
