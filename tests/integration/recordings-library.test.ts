import { configuredAdministrators, type AdministrationDeps } from '../../src/application/community-administration';
import { type PublishRecordingInput, publicCommunities, publishRecording, recordingFacets, recordingsOfMeetings, searchRecordings, type RecordingDeps } from '../../src/application/recordings';
import type { Actor } from '../../src/domain/identity';
import { PgCommunityAdministrationRepository } from '../../src/storage/community-administration-repository';
import { PgCommunityRepository } from '../../src/storage/community-repository';
import { PgMeetingRepository } from '../../src/storage/meeting-repository';
import { PgMembershipRepository } from '../../src/storage/membership-repository';
import { PgRecordingRepository } from '../../src/storage/recording-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, countRows, givenCommunity, givenMeeting, givenOrganiser, person } from '../support/storage-scenarios';

const now = new Date('2030-03-01T15:00:00Z');
const organiser: Actor = { user: person(1), displayName: 'Camille Tremblay' };
const member: Actor = { user: person(2), displayName: 'Jordan Smith' };
const outsider: Actor = { user: person(3), displayName: 'Priya Patel' };
const admin: Actor = { user: person(9), displayName: 'Admin' };

describeEachStore('the recordings library', (store) => {
  const db = useDatabase(store);
  let deps: RecordingDeps;
  let security: string;
  let data: string;

  const draft = (over: Partial<PublishRecordingInput> = {}): PublishRecordingInput => ({
    community: { slug: 'securite' },
    title: 'Sécurité des données de recherche',
    speakers: 'Geneviève Gagnon, Luc Côté',
    description: 'Chiffrement et gestion des accès dans les laboratoires.',
    url: 'https://example.org/videos/securite',
    recordedOn: '2030-02-10',
    visibility: 'public',
    ...over,
  });

  beforeEach(async () => {
    const pool = db().pool;
    security = await givenCommunity(pool, { slug: 'securite', nameFr: 'Cybersécurité', nameEn: 'Cybersecurity' });
    data = await givenCommunity(pool, { slug: 'donnees', nameFr: 'Science des données', nameEn: 'Data science' });
    await givenOrganiser(pool, security, organiser.user, 'Camille Tremblay', now);
    await givenOrganiser(pool, data, organiser.user, 'Camille Tremblay', now);
    await pool.query('INSERT INTO memberships (community_id, tenant_id, aad_object_id) VALUES ($1, $2, $3)', [security, TENANT_ID, member.user.aadObjectId]);
    const administration: AdministrationDeps = {
      administration: new PgCommunityAdministrationRepository(pool),
      teamJobs: undefined as never,
      teamArchives: undefined as never,
      administrators: configuredAdministrators([admin.user.aadObjectId], TENANT_ID),
      clock: { now: () => now },
      defaultTimeZone: 'America/Toronto',
    };
    deps = {
      recordings: new PgRecordingRepository(pool),
      administration,
      memberships: new PgMembershipRepository(pool),
      communities: new PgCommunityRepository(pool),
      meetings: new PgMeetingRepository(pool),
    };
  });

  test('an organiser publishes: the recording comes back whole, its speakers stored one per row', async () => {
    const meeting = await givenMeeting(db().pool, security, { startsAt: new Date('2030-02-10T14:00:00Z'), title: 'Rencontre de février' });
    const published = await publishRecording(deps, organiser, draft({ meetingId: meeting }));
    if (!published.ok) throw new Error(published.refusal.code);
    expect(published.value).toMatchObject({
      title: 'Sécurité des données de recherche',
      speakers: ['Geneviève Gagnon', 'Luc Côté'],
      recordedOn: '2030-02-10',
      visibility: 'public',
      community: { slug: 'securite', name: { fr: 'Cybersécurité', en: 'Cybersecurity' } },
      meeting: { id: meeting, title: { fr: 'Rencontre de février' } },
    });
    expect(await countRows(db().pool, 'recording_speakers', 'recording_id = $1', [published.value.id])).toBe(2);
  });

  test('a member who organises nothing is refused; a bad form comes back with every problem under its field, and nothing is stored', async () => {
    const refused = await publishRecording(deps, member, draft());
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'not_organiser', action: 'recording' } });
    const otherMeeting = await givenMeeting(db().pool, data, { startsAt: new Date('2030-02-01T14:00:00Z') });
    const bad = await publishRecording(deps, organiser, draft({ title: ' ', url: 'http://example.org/x', recordedOn: '2030-03-05', visibility: 'secret', meetingId: otherMeeting }));
    expect(bad.ok).toBe(false);
    if (bad.ok || bad.refusal.code !== 'invalid_recording_form') throw new Error('expected the form refusal');
    expect(bad.refusal.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['meeting:not_found', 'recordedOn:in_the_future', 'title:required', 'url:invalid_url', 'visibility:unknown_choice']);
    expect(await countRows(db().pool, 'recordings')).toBe(0);
  });

  test('one Teams recording is published once: the second publication is refused', async () => {
    expect((await publishRecording(deps, organiser, draft({ graphRecordingId: 'rec-1' }))).ok).toBe(true);
    expect(await publishRecording(deps, organiser, draft({ graphRecordingId: 'rec-1', title: 'Encore' }))).toMatchObject({ ok: false, refusal: { code: 'recording_already_published' } });
    expect(await countRows(db().pool, 'recordings')).toBe(1);
  });

  test('searching ignores accents and case, matches word prefixes over title, speakers, description and community, newest first', async () => {
    await publishRecording(deps, organiser, draft({ recordedOn: '2030-01-05' }));
    await publishRecording(deps, organiser, draft({ community: { slug: 'donnees' }, title: 'Apprentissage automatique', speakers: 'Zoé Lévesque', description: 'Réseaux de neurones', recordedOn: '2030-02-20' }));
    await publishRecording(deps, organiser, draft({ title: 'Gestion des identités', speakers: 'Luc Côté', description: '', recordedOn: '2030-02-01' }));
    const titles = async (text: string) => (await searchRecordings(deps, outsider, { text, offset: 0, limit: 20 })).items.map((r) => r.title);

    expect(await titles('securite')).toEqual(['Sécurité des données de recherche']);
    expect(await titles('SÉCURITÉ')).toEqual(['Sécurité des données de recherche']);
    expect(await titles('cote')).toEqual(['Gestion des identités', 'Sécurité des données de recherche']);
    expect(await titles('levesq')).toEqual(['Apprentissage automatique']);
    expect(await titles('cybersecurite')).toEqual(['Gestion des identités', 'Sécurité des données de recherche']);
    expect(await titles('neurones apprentissage')).toEqual(['Apprentissage automatique']);
    expect(await titles('neurones identités')).toEqual([]);
    // Words that are not words cannot break the query.
    expect(await titles("') OR 1=1 -- & | !:*")).toEqual([]);
  });

  test('filters by community, speaker and year; pages carry the total, also past the end', async () => {
    for (let i = 1; i <= 5; i += 1) await publishRecording(deps, organiser, draft({ title: `Exposé ${i}`, recordedOn: `${i <= 3 ? 2029 : 2030}-01-0${i}`, speakers: i % 2 === 0 ? 'Luc Côté' : 'Ana Roy' }));
    await publishRecording(deps, organiser, draft({ community: { slug: 'donnees' }, title: 'Autre communauté', speakers: 'Zoé Lévesque', recordedOn: '2029-06-01' }));

    const page = await searchRecordings(deps, outsider, { offset: 0, limit: 2 });
    expect(page.total).toBe(6);
    expect(page.items.map((r) => r.title)).toEqual(['Exposé 5', 'Exposé 4']);
    const last = await searchRecordings(deps, outsider, { offset: 4, limit: 2 });
    expect(last).toMatchObject({ total: 6 });
    expect(last.items.map((r) => r.title)).toEqual(['Exposé 2', 'Exposé 1']);
    expect((await searchRecordings(deps, outsider, { offset: 50, limit: 2 })).total).toBe(6);

    const bySpeaker = await searchRecordings(deps, outsider, { speaker: 'luc cote', offset: 0, limit: 20 });
    expect(bySpeaker.items.map((r) => r.title)).toEqual(['Exposé 4', 'Exposé 2']);
    const byYear = await searchRecordings(deps, outsider, { year: 2029, communitySlug: 'securite', offset: 0, limit: 20 });
    expect(byYear.items.map((r) => r.title)).toEqual(['Exposé 3', 'Exposé 2', 'Exposé 1']);

    const facets = await recordingFacets(deps, outsider);
    expect(facets.speakers).toEqual(['Ana Roy', 'Luc Côté', 'Zoé Lévesque']);
    expect(facets.years).toEqual([2030, 2029]);
    expect(facets.communities.map((c) => c.slug)).toEqual(['securite', 'donnees']);
  });

  test('members-only recordings: seen by members, organisers and administrators; never by outsiders nor the public page', async () => {
    await publishRecording(deps, organiser, draft({ title: 'Public', visibility: 'public' }));
    await publishRecording(deps, organiser, draft({ title: 'Membres', visibility: 'members', recordedOn: '2030-02-11' }));
    const seenBy = async (viewer: Actor | undefined) => (await searchRecordings(deps, viewer, { offset: 0, limit: 20 })).items.map((r) => r.title);
    expect(await seenBy(member)).toEqual(['Membres', 'Public']);
    expect(await seenBy(organiser)).toEqual(['Membres', 'Public']);
    expect(await seenBy(admin)).toEqual(['Membres', 'Public']);
    expect(await seenBy(outsider)).toEqual(['Public']);
    expect(await seenBy(undefined)).toEqual(['Public']);
    expect((await recordingFacets(deps, undefined)).years).toEqual([2030]);

    const communities = await publicCommunities(deps);
    expect(communities.map((c) => [c.slug, c.publicRecordingCount])).toEqual([['securite', 1], ['donnees', 0]]);
    expect(Object.keys(communities[0] ?? {})).not.toContain('memberCount');
  });

  test('a past meeting shows the recordings the person may see', async () => {
    const meeting = await givenMeeting(db().pool, security, { startsAt: new Date('2030-02-10T14:00:00Z') });
    await publishRecording(deps, organiser, draft({ meetingId: meeting, title: 'Public', visibility: 'public' }));
    await publishRecording(deps, organiser, draft({ meetingId: meeting, title: 'Membres', visibility: 'members' }));
    expect((await recordingsOfMeetings(deps, member, [meeting])).get(meeting)?.map((r) => r.title).sort()).toEqual(['Membres', 'Public']);
    expect((await recordingsOfMeetings(deps, outsider, [meeting])).get(meeting)?.map((r) => r.title)).toEqual(['Public']);
  });
});
