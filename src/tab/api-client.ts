import type { Problem } from '../http/tab-api-contract';
import type { TabLocale } from './i18n/locale';

/** A refused or failed call: the server's problem details (RFC 9457), already worded in the request's language. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface ApiClientOptions {
  readonly locale: TabLocale;
  /** Teams SSO: a fresh token for each call (Teams caches it). Absent for the development sign-in (session cookie). */
  readonly getToken?: () => Promise<string>;
  /** Worded in the user's language: what to show when the server is unreachable or answers something unreadable. */
  readonly networkError: string;
  readonly unexpectedError: string;
  /** Worded in the user's language: Teams could not give a token. */
  readonly tokenError?: string;
  readonly fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': options.locale };
    if (options.getToken) {
      let token: string;
      try {
        token = await options.getToken();
      } catch {
        throw new ApiError({ type: 'about:blank', title: options.tokenError ?? options.unexpectedError, status: 401, code: 'teams_token_unavailable' });
      }
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError({ type: 'about:blank', title: options.networkError, status: 0, code: 'network' });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) {
      if (parsed === undefined) throw new ApiError({ type: 'about:blank', title: options.unexpectedError, status: response.status, code: 'unreadable' });
      return parsed as T;
    }
    throw new ApiError(asProblem(parsed, response.status, options.unexpectedError));
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    send: <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => call<T>(method, path, body),
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asProblem(body: unknown, status: number, fallback: string): Problem {
  if (typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string') {
    const problem = body as Partial<Problem> & { title: string };
    return {
      type: typeof problem.type === 'string' ? problem.type : 'about:blank',
      title: problem.title,
      status,
      code: typeof problem.code === 'string' ? problem.code : String(status),
      ...(typeof problem.detail === 'string' ? { detail: problem.detail } : {}),
      ...(Array.isArray(problem.errors) ? { errors: problem.errors } : {}),
    };
  }
  return { type: 'about:blank', title: fallback, status, code: String(status) };
}

/** `?a=1&b=x` from the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A request started before the view that needs it exists: the first view's list is asked for together
 * with /api/me instead of after it (one round trip less before the first meaningful render). Taken once,
 * and only in the language it was asked in (the person may have chosen another with the bot).
 */
const early = new Map<string, { readonly locale: TabLocale; readonly answer: Promise<unknown> }>();

export function fetchEarly(api: ApiClient, locale: TabLocale, path: string): void {
  const answer = api.get(path);
  answer.catch(() => undefined); // a failure is seen by whoever takes it (or the view asks again)
  early.set(path, { locale, answer });
}

export function takeEarly<T>(locale: TabLocale, path: string): Promise<T> | undefined {
  const found = early.get(path);
  early.delete(path);
  return found && found.locale === locale ? (found.answer as Promise<T>) : undefined;
}
