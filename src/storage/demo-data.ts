import { DateTime } from 'luxon';
import type { Pool, PoolClient } from 'pg';
import { searchTextOf } from '../domain/recordings/recording-form';
import { foldText } from '../domain/text-normalization';
import { withTransaction } from './transaction';

/**
 * Demo communities for trying the app with the Agents Playground. Loaded only into an empty embedded
 * database (config decides); the user ids are those of .m365agentsplayground.yml.
 */
export const DEMO_TENANT_ID = '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001';
/**
 * The people of the demo tenant, as .m365agentsplayground.yml names them; the offline Graph directory holds
 * them, with their mail addresses. Emily Wilson has never opened the app: Graph finds no personal
 * installation for her, so reaching her means installing it for her (or e-mailing her).
 */
export const DEMO_DIRECTORY = [
  { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a001', name: 'Camille Tremblay', userPrincipalName: 'camille.tremblay@cop-demo.example', mail: 'camille.tremblay@cop-demo.example' },
  { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a002', name: 'Jordan Smith', userPrincipalName: 'jordan.smith@cop-demo.example', mail: 'jordan.smith@cop-demo.example' },
  { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a003', name: 'Geneviève Gagnon', userPrincipalName: 'genevieve.gagnon@cop-demo.example', mail: 'genevieve.gagnon@cop-demo.example' },
  { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a004', name: 'Priya Patel', userPrincipalName: 'priya.patel@cop-demo.example', mail: 'priya.patel@cop-demo.example' },
  { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a005', name: 'Mathieu Bouchard', userPrincipalName: 'mathieu.bouchard@cop-demo.example', mail: 'mathieu.bouchard@cop-demo.example' },
  {
    aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a006',
    name: 'Emily Wilson',
    userPrincipalName: 'emily.wilson@cop-demo.example',
    mail: 'emily.wilson@cop-demo.example',
    neverOpenedApp: true,
  },
] as const;

const ORGANISER = { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a001', name: 'Camille Tremblay' };
const CO_ORGANISER = { aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a002', name: 'Jordan Smith' };
const DEMO_MEMBERS = [
  '6f4a9c2e-3b1d-4e8a-9f00-00000000a002',
  '6f4a9c2e-3b1d-4e8a-9f00-00000000a003',
  '6f4a9c2e-3b1d-4e8a-9f00-00000000a004',
  '6f4a9c2e-3b1d-4e8a-9f00-00000000a005',
];

interface DemoCommunity {
  slug: string;
  nameFr: string;
  nameEn: string;
  summaryFr: string;
  summaryEn: string;
  descriptionFr: string;
  descriptionEn: string;
  status: 'active' | 'en_preparation';
  members: number;
  organisers: (typeof ORGANISER)[];
}

const COMMUNITIES: DemoCommunity[] = [
  {
    slug: 'automatisations',
    nameFr: 'Automatisations',
    nameEn: 'Automation',
    summaryFr: 'Scripts, orchestrations et flux de travail qui libèrent du temps.',
    summaryEn: 'Scripts, orchestration and workflows that free up time.',
    descriptionFr:
      "Communauté en préparation : partager les outils, gabarits et bonnes pratiques d'automatisation des services informatiques. Inscrivez votre intérêt pour être avisé du lancement.",
    descriptionEn:
      'Community in preparation: sharing tools, templates and good practices for automating IT services. Register your interest to hear about the launch.',
    status: 'en_preparation',
    members: 0,
    organisers: [ORGANISER],
  },
  {
    slug: 'infonuagique',
    nameFr: 'Infonuagique',
    nameEn: 'Cloud computing',
    summaryFr: "Architectures, coûts et gouvernance de l'infonuagique à l'université.",
    summaryEn: 'Cloud architectures, costs and governance at the university.',
    descriptionFr:
      "Des équipes de tous les services et du milieu académique comparent leurs pratiques infonuagiques : patrons d'architecture, contrôle des coûts, sécurité et gouvernance.",
    descriptionEn:
      'Teams from every service and from academia compare their cloud practices: architecture patterns, cost control, security and governance.',
    status: 'active',
    members: 4,
    organisers: [ORGANISER, CO_ORGANISER],
  },
  {
    slug: 'securite-information',
    nameFr: "Sécurité de l'information",
    nameEn: 'Information security',
    summaryFr: 'Menaces, réponses aux incidents et sensibilisation.',
    summaryEn: 'Threats, incident response and awareness.',
    descriptionFr:
      "Un lieu d'échange sur les menaces actuelles, la réponse aux incidents et la sensibilisation des usagers, avec des experts invités.",
    descriptionEn: 'A place to exchange on current threats, incident response and user awareness, with invited experts.',
    status: 'active',
    members: 3,
    organisers: [CO_ORGANISER],
  },
  {
    slug: 'architecture-entreprise',
    nameFr: "Architecture d'entreprise",
    nameEn: 'Enterprise architecture',
    summaryFr: 'Cartographie, standards et gabarits réutilisables.',
    summaryEn: 'Mapping, standards and reusable templates.',
    descriptionFr:
      "Développer l'expertise en architecture d'entreprise et diffuser des gabarits, standards et exemples rapidement réutilisables par tous.",
    descriptionEn: 'Growing enterprise architecture expertise and sharing templates, standards and examples anyone can reuse quickly.',
    status: 'active',
    members: 2,
    organisers: [ORGANISER],
  },
  {
    slug: 'science-des-donnees',
    nameFr: 'Science des données',
    nameEn: 'Data science',
    summaryFr: 'Analytique, apprentissage automatique et données ouvertes.',
    summaryEn: 'Analytics, machine learning and open data.',
    descriptionFr: "Analystes, chercheurs et développeurs partagent méthodes, jeux de données et outils d'analytique.",
    descriptionEn: 'Analysts, researchers and developers share methods, data sets and analytics tools.',
    status: 'active',
    members: 1,
    organisers: [CO_ORGANISER],
  },
];

/** The library's first shelf: one public talk anyone can watch, one for the community's members. */
const DEMO_RECORDINGS = [
  {
    title: 'Gouvernance des coûts infonuagiques',
    description: 'Étiquetage, budgets et alertes : comment trois facultés ont réduit leur facture infonuagique.',
    speakers: ['Geneviève Gagnon', 'Priya Patel'],
    url: 'https://example.org/enregistrements/finops',
    recordedOn: '2026-05-14',
    visibility: 'public',
  },
  {
    title: "Landing zones : retour d'expérience",
    description: 'Ce qui a marché, et ce que nous referions autrement, dans la mise en place de nos zones d’accueil.',
    speakers: ['Mathieu Bouchard'],
    url: 'https://example.org/enregistrements/landing-zones',
    recordedOn: '2026-09-22',
    visibility: 'members',
  },
] as const;

async function insertDemoRecording(
  client: PoolClient,
  communityId: string,
  community: { nameFr: string; nameEn: string },
  r: (typeof DEMO_RECORDINGS)[number],
): Promise<void> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO recordings (community_id, title, description, speakers, url, recorded_on, visibility, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [communityId, r.title, r.description, r.speakers, r.url, r.recordedOn, r.visibility,
      searchTextOf([r.title, ...r.speakers, r.description, community.nameFr, community.nameEn])],
  );
  await client.query(
    `INSERT INTO recording_speakers (recording_id, position, name, folded)
     SELECT $1, s.position, s.name, s.folded FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(name, folded, position)`,
    [inserted.rows[0]?.id, r.speakers, r.speakers.map(foldText)],
  );
}

/** Returns true when it loaded the demo data, false when the database already had communities. */
export async function loadDemoDataIfEmpty(pool: Pool, now: Date = new Date()): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    await client.query('LOCK TABLE communities IN EXCLUSIVE MODE');
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM communities');
    if (Number(rows[0]?.n ?? 0) > 0) return false;
    for (const c of COMMUNITIES) {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
        [c.slug, c.nameFr, c.nameEn, c.summaryFr, c.summaryEn, c.descriptionFr, c.descriptionEn, c.status],
      );
      const id = inserted.rows[0]?.id;
      for (const o of c.organisers) {
        await client.query(
          'INSERT INTO community_organisers (community_id, tenant_id, aad_object_id, display_name) VALUES ($1, $2, $3, $4)',
          [id, DEMO_TENANT_ID, o.aadObjectId, o.name],
        );
      }
      for (const member of DEMO_MEMBERS.slice(0, c.members)) {
        await client.query('INSERT INTO memberships (community_id, tenant_id, aad_object_id) VALUES ($1, $2, $3)', [
          id,
          DEMO_TENANT_ID,
          member,
        ]);
      }
      if (c.slug === 'infonuagique') {
        // The seed's worry-free slot: 9:00 to 13:00 lunch included, at the neutral venue, three weeks from now.
        const day = DateTime.fromJSDate(now, { zone: 'America/Toronto' }).plus({ weeks: 3 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
        await client.query(
          `INSERT INTO meetings (community_id, title_fr, title_en, kind, location, starts_at, ends_at)
           VALUES ($1, $2, $3, 'in_person', $4, $5, $6)`,
          [
            id,
            'Rencontre annuelle : FinOps en pratique',
            'Annual meeting: FinOps in practice',
            'Cœur des sciences, complexe Pierre-Dansereau',
            day.toJSDate(),
            day.set({ hour: 13 }).toJSDate(),
          ],
        );
        for (const r of DEMO_RECORDINGS) await insertDemoRecording(client, id ?? '', c, r);
      }
    }
    return true;
  });
}
