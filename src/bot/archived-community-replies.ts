import type { ArchivedCommunity } from '../application/community-administration';
import type { UnarchivedCommunity } from '../application/community-archiving';
import { type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';

/** What archiving did, in one sentence about the community and one about its team. */
export function archivedMessage({ community, team }: ArchivedCommunity, locale: Locale, t: Translate): string {
  const keys = { no_team: 'noTeam', team_in_creation: 'teamInCreation', archive_failed: 'teamFailed' } as const;
  const key = team === 'no_team' || team === 'team_in_creation' || team === 'archive_failed' ? keys[team] : 'withTeam';
  return t(`outcomes.archived.${key}`, { community: pick(community.name, locale) });
}

/** What unarchiving did: the status the community came back with, then what happens to its team. */
export function unarchivedMessage({ community, team }: UnarchivedCommunity, locale: Locale, t: Translate): string {
  const name = pick(community.name, locale);
  const status = community.status === 'active' ? 'active' : 'en_preparation';
  const teamKey = team === 'no_team' ? `no_team_${status}` : team;
  return `${t(`outcomes.unarchived.${status}`, { community: name })} ${t(`outcomes.unarchivedTeam.${teamKey}`, { community: name })}`;
}
