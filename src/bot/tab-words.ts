import { formatMeetingWhen } from '../cards/date-format';
import { type Locale, type Localized, pick } from '../domain/model';
import type { TeamSyncOutcome } from '../domain/ports';
import type { RecordingProblem } from '../domain/recordings/recording-form';
import type { Refusal } from '../domain/refusals';
import { translatorFor } from '../i18n/translator';
import { teamSyncNote, teamSyncProblem } from './membership-messages';
import { recordingProblemText, refusalMessage } from './refusal-messages';

type ProblemKey =
  | 'token_missing'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_audience'
  | 'token_issuer'
  | 'token_tenant'
  | 'token_scope'
  | 'token_signature'
  | 'token_invalid'
  | 'session_invalid'
  | 'unknown_person'
  | 'validation_failed'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'internal_error'
  | 'refused'
  | 'invalid_value';

/**
 * The tab API's sentences, the bot's own: the same refusal messages, membership outcomes, RSVP notices and
 * date line as the bot's replies and cards. app.ts hands this to http/ (which translates nothing itself).
 */
export const tabWords = {
  refusal: (refusal: Refusal, locale: Locale): string => refusalMessage(refusal, locale, translatorFor(locale), ''),
  problem(code: ProblemKey, locale: Locale): { title: string; detail: string } {
    const t = translatorFor(locale);
    return { title: t(`tabApi.problems.${code}.title`), detail: t(`tabApi.problems.${code}.detail`) };
  },
  refusalTitle: (kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid', locale: Locale): string => translatorFor(locale)(`tabApi.refusalTitles.${kind}`),
  fieldProblem: (problem: { readonly field: string; readonly code: string; readonly max?: number }, locale: Locale): string =>
    recordingProblemText(problem as RecordingProblem, translatorFor(locale)),
  invalidValue: (locale: Locale): string => translatorFor(locale)('tabApi.invalidValue'),
  /** As the bot's join / leave / interest commands word it (bot/commands/join.ts, leave.ts, interest.ts). */
  membership(outcome: string, community: Localized, team: TeamSyncOutcome | undefined, locale: Locale): string {
    const t = translatorFor(locale);
    const name = pick(community, locale);
    return [t(`outcomes.${outcome}`, { community: name }), teamSyncProblem(team, name, t), teamSyncNote(team, name, t)].filter((line) => line !== undefined).join('\n\n');
  },
  rsvpNotice: (notice: string, waitlistRank: number | null, locale: Locale): string => translatorFor(locale)(`meetings.rsvp.notices.${notice}`, { rank: waitlistRank ?? '' }),
  when: (start: Date, end: Date, zone: string, locale: Locale): string => formatMeetingWhen(start, end, zone, locale, translatorFor(locale)),
};
