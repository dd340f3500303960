import type { CommunityItem, Page } from '../../http/tab-api-contract';
import type { ApiClient } from '../api-client';
import { query } from '../api-client';

/** The communities the viewer organises (administrators: all), for the organisers' views. */
export async function organisedCommunities(api: ApiClient): Promise<CommunityItem[]> {
  const found: CommunityItem[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await api.get<Page<CommunityItem>>(`/api/communities${query({ offset, limit: 100 })}`);
    found.push(...page.items.filter((community) => community.organiser));
    if (page.items.length === 0 || offset + page.items.length >= page.total) return found;
  }
}
