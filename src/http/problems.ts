import type { Request, Response } from 'restify';
import type { ZodError } from 'zod';
import type { Locale } from '../domain/model';
import type { Refusal } from '../domain/refusals';
import type { Problem } from './tab-api-contract';

/** The HTTP-level problems of the tab API (a Refusal's code covers the rest). */
export type HttpProblemCode =
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
  | 'internal_error';

/**
 * The sentences of the API, handed in by app.ts (http/ translates nothing itself): a refusal worded as the
 * bot words it, and the title and detail of each HTTP-level problem, in the request's language.
 */
export interface ProblemWords {
  refusal(refusal: Refusal, locale: Locale): string;
  /** The problem's title and detail ('' when none). */
  problem(code: HttpProblemCode | 'refused' | 'invalid_value', locale: Locale): { readonly title: string; readonly detail: string };
  refusalTitle(kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid', locale: Locale): string;
  /** One field's problem of a publish form, without the field's name. */
  fieldProblem(problem: { readonly field: string; readonly code: string; readonly max?: number }, locale: Locale): string;
  invalidValue(locale: Locale): string;
}

const STATUS: Record<HttpProblemCode, number> = {
  token_missing: 401,
  token_expired: 401,
  token_not_yet_valid: 401,
  token_audience: 401,
  token_issuer: 401,
  token_tenant: 401,
  token_scope: 401,
  token_signature: 401,
  token_invalid: 401,
  session_invalid: 401,
  unknown_person: 422,
  validation_failed: 400,
  not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  internal_error: 500,
};

const TYPE_BASE = 'https://communities-of-practice.example/problems/';

/** Accept-Language: a tag starting with "en" first → English; anything else (or none) → French (fr-CA). */
export function requestLocale(req: Request): Locale {
  const header: unknown = req.headers['accept-language'];
  const value = typeof header === 'string' ? header : '';
  const first = value.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr-CA';
}

export function httpProblem(code: HttpProblemCode, locale: Locale, words: ProblemWords, errors?: Problem['errors']): Problem {
  const { title, detail } = words.problem(code, locale);
  return { type: `${TYPE_BASE}${code.replace(/_/g, '-')}`, title, status: STATUS[code], ...(detail ? { detail } : {}), code, ...(errors ? { errors } : {}) };
}

/** A use case's refusal as a problem: its status from its code, its detail in the bot's words. */
export function refusalProblem(refusal: Refusal, locale: Locale, words: ProblemWords): Problem {
  const kind = refusalKind(refusal);
  const status = kind === 'not_found' ? 404 : kind === 'forbidden' ? 403 : kind === 'invalid' ? 422 : 409;
  const errors =
    refusal.code === 'invalid_recording_form'
      ? refusal.problems.map((p) => ({ field: p.field, message: words.fieldProblem(p, locale) }))
      : undefined;
  return {
    type: `${TYPE_BASE}${refusal.code.replace(/_/g, '-')}`,
    title: words.refusalTitle(kind, locale),
    status,
    detail: words.refusal(refusal, locale),
    code: refusal.code,
    ...(errors ? { errors } : {}),
  };
}

function refusalKind(refusal: Refusal): 'not_found' | 'forbidden' | 'conflict' | 'invalid' {
  switch (refusal.code) {
    case 'community_not_found':
    case 'meeting_not_found':
      return 'not_found';
    case 'not_organiser':
    case 'not_member':
      return 'forbidden';
    case 'invalid_recording_form':
    case 'invalid_meeting_form':
    case 'invalid_community_form':
    case 'invalid_email':
    case 'invalid_join_url':
    case 'invalid_reminder_offsets':
    case 'invalid_capacity':
    case 'missing_community_name':
    case 'missing_meeting_reference':
      return 'invalid';
    default:
      return 'conflict';
  }
}

/** 400 with each invalid field (zod's path), worded in the request's language. */
export function validationProblem(error: ZodError, locale: Locale, words: ProblemWords): Problem {
  const seen = new Set<string>();
  const errors: { field: string; message: string }[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    // An unexpected key names itself; any other issue names the field it is about.
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => (base ? `${base}.${key}` : key)) : [base || '(request)'];
    for (const field of fields) {
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message: words.invalidValue(locale) });
    }
  }
  return httpProblem('validation_failed', locale, words, errors);
}

/** Thrown by a route to answer with a problem (the route wrapper sends it). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.code);
    this.name = 'ProblemError';
  }
}

export function sendProblem(res: Response, problem: Problem, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
