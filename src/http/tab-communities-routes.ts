import type { Server } from 'restify';
import { z } from 'zod';
import { communityCard, communityCards } from '../application/community-catalogue';
import { communityHealth } from '../application/community-health';
import { joinCommunity, leaveCommunity, registerInterest } from '../application/communities';
import type { Locale } from '../domain/model';
import type { Refusal } from '../domain/refusals';
import { httpProblem, refusalProblem } from './problems';
import type { CommunityHealth, CommunityItem, Me, MembershipChangeReply, Page } from './tab-api-contract';
import { type TabApiDeps, pageQuery, slugParam } from './tab-api-deps';
import { type ApiRoutes, ProblemError, type Viewer, paramOf, parseOr400, queryOf } from './tab-api-support';
import { communityItem } from './tab-api-views';

const communitiesQuery = pageQuery.strict();

/** GET /api/me, GET /api/communities, POST /api/communities/{slug}/join | leave | interest, GET /api/communities/{slug}/health. */
export function addCommunityRoutes(server: Server, api: ApiRoutes, deps: TabApiDeps): void {
  const { words } = deps;
  const refused = (refusal: Refusal, locale: Locale) => new ProblemError(refusalProblem(refusal, locale, words));
  const slugOf = (req: Parameters<typeof paramOf>[0], locale: Locale) => parseOr400(z.object({ slug: slugParam }), { slug: paramOf(req, 'slug') }, locale, words).slug;

  server.get(
    '/api/me',
    api.authenticated(async (_req, _locale, viewer) => {
      const { actor } = viewer;
      const administrator = deps.catalogue.administrators.includes(actor.user);
      const [organised, chosen, all] = await Promise.all([
        deps.catalogue.administration.communitiesOrganisedBy(actor.user),
        deps.chosenLocale(actor.user),
        administrator ? deps.catalogue.community.communities.listVisible() : Promise.resolve([]),
      ]);
      const me: Me = {
        displayName: actor.displayName ?? '',
        chosenLocale: chosen ?? null,
        organises: administrator ? all.filter((c) => c.status !== 'archived').map((c) => c.id) : [...organised],
        administrator,
        signIn: viewer.signIn,
      };
      return { status: 200, body: me };
    }),
  );

  server.get(
    '/api/communities',
    api.authenticated(async (req, locale, { actor }) => {
      const page = parseOr400(communitiesQuery, queryOf(req), locale, words);
      const { items, total } = await communityCards(deps.catalogue, actor, page);
      const body: Page<CommunityItem> = { items: items.map((card) => communityItem(card, actor.user.tenantId, locale, words.when)), total, ...page };
      return { status: 200, body };
    }),
  );

  const change = (verb: 'join' | 'leave' | 'interest') =>
    api.authenticated(async (req, locale, { actor }: Viewer) => {
      const slug = slugOf(req, locale);
      const result = verb === 'join' ? await joinCommunity(deps.catalogue.community, actor, { slug }) : verb === 'leave' ? await leaveCommunity(deps.catalogue.community, actor, { slug }) : await registerInterest(deps.catalogue.community, actor, { slug });
      if (!result.ok) throw refused(result.refusal, locale);
      const { outcome, community, team } = result.value;
      const card = await communityCard(deps.catalogue, actor, community.slug);
      if (!card) throw new ProblemError(httpProblem('not_found', locale, words));
      const body: MembershipChangeReply = { outcome, message: words.membership(outcome, community.name, team, locale), community: communityItem(card, actor.user.tenantId, locale, words.when) };
      return { status: 200, body };
    });
  server.post('/api/communities/:slug/join', change('join'));
  server.post('/api/communities/:slug/leave', change('leave'));
  server.post('/api/communities/:slug/interest', change('interest'));

  server.get(
    '/api/communities/:slug/health',
    api.authenticated(async (req, locale, { actor }) => {
      const result = await communityHealth(deps.health, actor, slugOf(req, locale));
      if (!result.ok) throw refused(result.refusal, locale);
      const h = result.value;
      const body: CommunityHealth = {
        community: { id: h.community.id, slug: h.community.slug, name: h.community.name },
        membersOverTime: h.membersOverTime,
        interests: h.interests,
        meetingsHeld: h.meetingsHeld,
        attendanceRate: h.attendanceRate,
        lastInPersonMeeting: h.lastInPersonMeeting ? h.lastInPersonMeeting.toISOString() : null,
        yearlyRuleMet: h.yearlyRuleMet,
      };
      return { status: 200, body };
    }),
  );
}
