import type { Server } from 'restify';
import { z } from 'zod';
import { myMeetings } from '../application/my-meetings';
import { answerMeeting, personalView } from '../application/rsvp';
import { refusalProblem } from './problems';
import type { AnswerReply, MyMeeting, Page } from './tab-api-contract';
import { type TabApiDeps, pageQuery } from './tab-api-deps';
import { type ApiRoutes, ProblemError, paramOf, parseOr400, queryOf } from './tab-api-support';
import { myMeeting } from './tab-api-views';

const meetingsQuery = pageQuery.extend({ scope: z.enum(['upcoming', 'past']).default('upcoming') }).strict();
const meetingId = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/) });
/** The dietary text is checked by the use case (its 300 characters); far longer did not come from the tab. */
const answerBody = z
  .object({
    response: z.enum(['in_person', 'online', 'declined']),
    lunch: z.boolean().optional(),
    dietary: z.string().max(2000).optional(),
    version: z.number().int().min(1).max(1_000_000),
  })
  .strict();

/** GET /api/meetings?scope=upcoming|past, PUT /api/meetings/{id}/answer. */
export function addMeetingRoutes(server: Server, api: ApiRoutes, deps: TabApiDeps): void {
  const { words } = deps;
  server.get(
    '/api/meetings',
    api.authenticated(async (req, locale, { actor }) => {
      const { scope, offset, limit } = parseOr400(meetingsQuery, queryOf(req), locale, words);
      const { items, total } = await myMeetings(deps.myMeetings, actor, scope, { offset, limit });
      const body: Page<MyMeeting> = { items: items.map((view) => myMeeting(view, locale, words.when)), total, offset, limit };
      return { status: 200, body };
    }),
  );

  // The same use case as the RSVP card's buttons (bot/verbs/meeting-verbs.ts): same rules, the outbox then
  // updates the channel's card and tells whoever a freed seat promotes.
  server.put(
    '/api/meetings/:id/answer',
    api.authenticated(async (req, locale, { actor }) => {
      const { id } = parseOr400(meetingId, { id: paramOf(req, 'id') }, locale, words);
      const input = parseOr400(answerBody, req.body ?? {}, locale, words);
      const result = await answerMeeting(deps.rsvp, actor, { meetingId: id, version: input.version, answer: input.response, lunch: input.lunch ?? false, dietary: input.dietary ?? '' });
      if (!result.ok) throw new ProblemError(refusalProblem(result.refusal, locale, words));
      const { view, notice } = result.value;
      const fresh = notice === 'saved' || notice === 'waitlisted' || notice === 'stale_applied' ? view : await personalView(deps.rsvp, id, actor);
      const body: AnswerReply = {
        message: notice ? words.rsvpNotice(notice, fresh.registration?.waitlistRank ?? null, locale) : '',
        notice: notice ?? 'saved',
        meeting: myMeeting({ ...fresh, calendarUrl: fresh.calendarUrl ?? '', recordings: [] }, locale, words.when),
      };
      return { status: 200, body };
    }),
  );
}
