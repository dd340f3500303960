import { matchCommunity } from '../../src/domain/community-matching';
import type { Community } from '../../src/domain/model';

function community(slug: string, fr: string, en: string): Community {
  return {
    id: slug,
    slug,
    name: { fr, en },
    summary: { fr: '', en: '' },
    description: { fr: '', en: '' },
    status: 'active',
    timeZone: 'America/Toronto',
    teamId: null,
  };
}

const COMMUNITIES = [
  community('automatisations', 'Automatisations', 'Automation'),
  community('infonuagique', 'Infonuagique', 'Cloud computing'),
  community('securite-information', "Sécurité de l'information", 'Information security'),
  community('architecture-entreprise', "Architecture d'entreprise", 'Enterprise architecture'),
  community('science-des-donnees', 'Science des données', 'Data science'),
];

function matched(query: string): string | undefined {
  const result = matchCommunity(query, COMMUNITIES);
  return result.ok ? result.value.slug : undefined;
}

describe('finding the community a person meant', () => {
  it.each([
    ['Infonuagique', 'infonuagique'],
    ['INFONUAGIQUE', 'infonuagique'],
    ['cloud computing', 'infonuagique'],
    ['securite de l information', 'securite-information'],
    ["Sécurité de l’information", 'securite-information'],
    ['securite-information', 'securite-information'],
    ['secu', 'securite-information'],
    ['infonuag', 'infonuagique'],
    ['données', 'science-des-donnees'],
    ['security', 'securite-information'],
    ['infonuagiqe', 'infonuagique'],
    ['automatisaton', 'automatisations'],
    ['enterprise', 'architecture-entreprise'],
  ])('"%s" → %s', (query, slug) => {
    expect(matched(query)).toBe(slug);
  });

  it('an ambiguous prefix lists every candidate instead of guessing', () => {
    const result = matchCommunity('a', COMMUNITIES);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('community_ambiguous');
    if (result.refusal.code !== 'community_ambiguous') return;
    expect(result.refusal.candidates.map((c) => c.fr).sort()).toEqual(["Architecture d'entreprise", 'Automatisations']);
  });

  it('an unknown name is refused, never matched to something merely similar-looking', () => {
    const result = matchCommunity('cuisine', COMMUNITIES);
    expect(result.ok).toBe(false);
    if (result.ok || result.refusal.code !== 'community_not_found') throw new Error('expected not found');
    expect(result.refusal.query).toBe('cuisine');
    expect(result.refusal.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('empty or punctuation-only input asks for a name', () => {
    for (const query of ['', '   ', '!!!', '« »']) {
      const result = matchCommunity(query, COMMUNITIES);
      expect(!result.ok && result.refusal.code).toBe('missing_community_name');
    }
  });

  it('a pasted essay is refused quickly and echoed short', () => {
    const result = matchCommunity('z'.repeat(10_000), COMMUNITIES);
    if (result.ok || result.refusal.code !== 'community_not_found') throw new Error('expected not found');
    expect(result.refusal.query).toBe(`${'z'.repeat(60)}…`);
    expect(result.refusal.suggestions).toEqual([]);
  });

  it('finds nothing in an empty catalogue', () => {
    const result = matchCommunity('infonuagique', []);
    expect(!result.ok && result.refusal.code).toBe('community_not_found');
  });
});
