import { Badge, Button, Link } from '@fluentui/react-components';
import { useState } from 'react';
import type { CommunityItem, MembershipChangeReply, Page } from '../../../http/tab-api-contract';
import { query, takeEarly } from '../../api-client';
import { localized, useStrings } from '../../i18n';
import { ErrorBar, Notice, Show, useCommonStyles, useLoad } from '../../shell/common';
import { useSession } from '../../shell/session';

// 20 cards fill a screen and render fast on a modest laptop (bench:tab); "more" loads the next ones.
const PAGE = 20;
/** The list's first page, also asked for early by the shell (tab-app.tsx) when this is the first view. */
export const FIRST_COMMUNITIES_PAGE = `/api/communities${query({ offset: 0, limit: PAGE })}`;

/** Every community (active and in preparation) with the viewer's standing and the join / leave / interest buttons. */
export function CommunitiesView() {
  const { api } = useSession();
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const [extra, setExtra] = useState<CommunityItem[]>([]);
  const { loaded, reload, set } = useLoad(() => takeEarly<Page<CommunityItem>>(locale, FIRST_COMMUNITIES_PAGE) ?? api.get<Page<CommunityItem>>(FIRST_COMMUNITIES_PAGE), locale);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = (community: CommunityItem, action: 'join' | 'leave' | 'interest') => {
    setBusy(community.slug);
    setFailure(null);
    setNotice(null);
    api.send<MembershipChangeReply>('POST', `/api/communities/${encodeURIComponent(community.slug)}/${action}`).then(
      (reply) => {
        setNotice(reply.message);
        if (loaded.state === 'ready') set({ ...loaded.value, items: loaded.value.items.map((item) => (item.id === reply.community.id ? reply.community : item)) });
        setExtra((items) => items.map((item) => (item.id === reply.community.id ? reply.community : item)));
        setBusy(null);
      },
      (error: unknown) => {
        setFailure(error);
        setBusy(null);
      },
    );
  };

  return (
    <section className={common.section} aria-labelledby="communities-heading">
      <h2 id="communities-heading" className={common.heading}>
        {t.communities.heading}
      </h2>
      <div aria-live="polite">
        {notice && <Notice text={notice} />}
        {failure !== null && <ErrorBar error={failure} />}
      </div>
      <Show loaded={loaded} onRetry={reload}>
        {(page) => {
          const items = [...page.items, ...extra];
          if (items.length === 0) return <p className={common.paragraph}>{t.communities.empty}</p>;
          return (
            <>
              <ul className={common.list}>
                {items.map((community) => (
                  <CommunityCard key={community.id} community={community} busy={busy === community.slug} onAction={(action) => act(community, action)} />
                ))}
              </ul>
              {items.length < page.total && (
                <div>
                  <Button
                    onClick={() => {
                      api.get<Page<CommunityItem>>(`/api/communities${query({ offset: items.length, limit: PAGE })}`).then(
                        (next) => setExtra((known) => [...known, ...next.items]),
                        setFailure,
                      );
                    }}
                  >
                    {t.more}
                  </Button>
                </div>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}

function CommunityCard({ community, busy, onAction }: { readonly community: CommunityItem; readonly busy: boolean; readonly onAction: (action: 'join' | 'leave' | 'interest') => void }) {
  const { t, locale } = useStrings();
  const { openLink } = useSession();
  const common = useCommonStyles();
  const name = localized(community.name, locale);
  const headingId = `community-${community.id}`;
  const active = community.status === 'active';
  return (
    <li className={common.card} data-community={community.slug}>
      <div className={common.row}>
        <h3 id={headingId} className={common.subheading}>
          {name}
        </h3>
        <Badge appearance="tint" color={active ? 'success' : 'informative'}>
          {active ? t.communities.active : t.communities.preparing}
        </Badge>
        {community.standing.member && (
          <Badge appearance="outline" color="brand">
            {t.communities.youAreMember}
          </Badge>
        )}
        {community.standing.interested && !community.standing.member && (
          <Badge appearance="outline" color="brand">
            {t.communities.youAreInterested}
          </Badge>
        )}
      </div>
      <p className={common.paragraph}>{localized(community.summary, locale)}</p>
      {community.description.fr || community.description.en ? <p className={common.muted}>{localized(community.description, locale)}</p> : null}
      <dl className={common.facts}>
        <dt>{t.communities.organisers}</dt>
        <dd>{community.organisers.length > 0 ? community.organisers.map((person) => person.displayName).join(', ') : t.communities.noOrganiser}</dd>
        <dt>{t.communities.nextMeeting}</dt>
        <dd>{community.nextMeeting ? `${localized(community.nextMeeting.title, locale)} — ${community.nextMeeting.when}` : t.communities.noMeeting}</dd>
      </dl>
      <p className={common.muted}>
        {[t.communities.members(community.memberCount), active ? null : t.communities.interests(community.interestCount), t.communities.recordings(community.recordingCount)]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div className={common.row}>
        {active && !community.standing.member && (
          <Button appearance="primary" disabled={busy} onClick={() => onAction('join')} aria-label={t.communities.actionLabel(t.communities.join, name)}>
            {t.communities.join}
          </Button>
        )}
        {community.standing.member && (
          <Button disabled={busy} onClick={() => onAction('leave')} aria-label={t.communities.actionLabel(t.communities.leave, name)}>
            {t.communities.leave}
          </Button>
        )}
        {!active && !community.standing.interested && !community.standing.member && (
          <Button appearance="primary" disabled={busy} onClick={() => onAction('interest')} aria-label={t.communities.actionLabel(t.communities.interest, name)}>
            {t.communities.interest}
          </Button>
        )}
        {community.teamUrl && (
          <Link
            href={community.teamUrl}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(event) => {
              event.preventDefault();
              openLink(community.teamUrl ?? '');
            }}
          >
            {t.communities.openInTeams}
          </Link>
        )}
      </div>
    </li>
  );
}
