import type { Request, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { publicCommunities, publishRecording, recordingFacets, searchRecordings } from '../application/recordings';
import type { Actor } from '../domain/identity';
import type { Locale } from '../domain/model';
import { httpProblem, refusalProblem } from './problems';
import type { Page, PublicCommunity, RecordingFacets, RecordingItem } from './tab-api-contract';
import { type TabApiDeps, pageQuery, slugParam } from './tab-api-deps';
import { type ApiRoutes, ProblemError, type Reply, parseOr400, queryOf } from './tab-api-support';
import { recordingItem } from './tab-api-views';

const searchQuery = pageQuery
  .extend({
    q: z.string().max(200).optional(),
    community: slugParam.optional(),
    speaker: z.string().max(120).optional(),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
  })
  .strict();

/** Types are checked here (400); what the fields say is checked by the use case, each problem under its field (422). */
const publishBody = z
  .object({
    community: slugParam,
    meetingId: z.string().max(20).optional(),
    title: z.string().max(1000),
    speakers: z.array(z.string().max(500)).max(100),
    description: z.string().max(10_000).optional(),
    url: z.string().max(5000),
    recordedOn: z.string().max(20),
    visibility: z.string().max(20),
    candidateId: z.string().max(200).optional(),
  })
  .strict();

export interface PublicRateLimit {
  readonly perMinute: number;
  /** Behind App Service's front ends the client is the first X-Forwarded-For address; locally, the socket's. */
  readonly trustForwardedFor: boolean;
}

/** GET /api/recordings, /api/recordings/facets, POST /api/recordings; GET /api/public/recordings and /api/public/communities (no sign-in, rate-limited). */
export function addRecordingRoutes(server: Server, api: ApiRoutes, deps: TabApiDeps, limit: PublicRateLimit): void {
  const { words } = deps;
  const validationProblemFor = (field: string, locale: Locale) => httpProblem('validation_failed', locale, words, [{ field, message: words.invalidValue(locale) }]);
  const search = async (req: Request, locale: Locale, viewer: Actor | undefined): Promise<Reply> => {
    const query = parseOr400(searchQuery, queryOf(req), locale, words);
    const found = await searchRecordings(deps.recordings, viewer, { text: query.q, communitySlug: query.community, speaker: query.speaker, year: query.year, offset: query.offset, limit: query.limit });
    const body: Page<RecordingItem> = { items: found.items.map(recordingItem), total: found.total, offset: query.offset, limit: query.limit };
    return { status: 200, body };
  };

  server.get('/api/recordings', api.authenticated((req, locale, { actor }) => search(req, locale, actor)));
  server.get(
    '/api/recordings/facets',
    api.authenticated(async (req, locale, { actor }) => {
      parseOr400(z.object({}).strict(), queryOf(req), locale, words);
      const facets = await recordingFacets(deps.recordings, actor);
      const body: RecordingFacets = { communities: facets.communities.map((c) => ({ id: c.id, slug: c.slug, name: c.name })), speakers: facets.speakers, years: facets.years };
      return { status: 200, body };
    }),
  );
  server.post(
    '/api/recordings',
    api.authenticated(async (req, locale, { actor }) => {
      const input = parseOr400(publishBody, req.body ?? {}, locale, words);
      // Recordings found through Graph (GET /api/recordings/candidates) are not served yet: no candidate exists.
      if (input.candidateId !== undefined) throw new ProblemError(validationProblemFor('candidateId', locale));
      const result = await publishRecording(deps.recordings, actor, {
        community: { slug: input.community },
        meetingId: input.meetingId,
        title: input.title,
        speakers: input.speakers,
        description: input.description ?? '',
        url: input.url,
        recordedOn: input.recordedOn,
        visibility: input.visibility,
      });
      if (!result.ok) throw new ProblemError(refusalProblem(result.refusal, locale, words));
      return { status: 201, body: recordingItem(result.value) };
    }),
  );

  const limiter = new RateLimiterMemory({ points: limit.perMinute, duration: 60 });
  const limited = (work: (req: Request, locale: Locale) => Promise<Reply>) =>
    api.handle(async (req, locale) => {
      try {
        await limiter.consume(clientAddress(req, limit.trustForwardedFor));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        throw new ProblemError(httpProblem('rate_limited', locale, words), { 'Retry-After': retryAfter });
      }
      return work(req, locale);
    });
  server.get('/api/public/recordings', limited((req, locale) => search(req, locale, undefined)));
  server.get(
    '/api/public/communities',
    limited(async (req, locale) => {
      const page = parseOr400(pageQuery.strict(), queryOf(req), locale, words);
      const all = await publicCommunities(deps.recordings);
      const items: PublicCommunity[] = all.slice(page.offset, page.offset + page.limit);
      const body: Page<PublicCommunity> = { items, total: all.length, ...page };
      return { status: 200, body };
    }),
  );
}

function clientAddress(req: Request, trustForwardedFor: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = trustForwardedFor && typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || req.socket.remoteAddress || 'unknown';
}
