import type { EndpointClass, FaultHandle, FaultInjector, FaultResponse, FaultRule } from './contracts';
import type { ExchangeAccessPolicy } from './exchange-access-policy';
import { GRANTED_ROLES } from './permissions';

/** What a fault rule can be matched against. */
export interface FaultFacts {
  readonly method: string;
  readonly path: string;
  readonly endpoint: EndpointClass;
  readonly route: string | null;
}

/** A fault resolved for one request. */
export type FaultDecision =
  | { readonly kind: 'status'; readonly status: number; readonly code: string; readonly message: string; readonly retryAfterSeconds?: number }
  | { readonly kind: 'timeout'; readonly ms?: number; readonly afterProcessing: boolean }
  | { readonly kind: 'reset'; readonly afterProcessing: boolean }
  | { readonly kind: 'failOperation'; readonly code: string; readonly message: string };

/** The codes and messages Graph pairs with these statuses (reference/teams-graph-facts.md §0). */
const DEFAULT_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'BadRequest', message: 'Bad request.' },
  401: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
  403: { code: 'Forbidden', message: 'Forbidden.' },
  404: { code: 'NotFound', message: 'Not found.' },
  409: { code: 'Conflict', message: 'Conflict.' },
  429: { code: 'TooManyRequests', message: 'Too many requests. Please retry after the time given in Retry-After.' },
  500: { code: 'InternalServerError', message: 'An internal server error occurred.' },
  502: { code: 'BadGateway', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
  504: { code: 'GatewayTimeout', message: 'The gateway timed out.' },
};

export function defaultError(status: number): { code: string; message: string } {
  return DEFAULT_ERRORS[status] ?? { code: 'UnknownError', message: `Error ${status}.` };
}

class ActiveRule implements FaultHandle {
  hits = 0;

  constructor(
    readonly rule: FaultRule,
    private readonly detach: (rule: ActiveRule) => void,
  ) {}

  get remaining(): number {
    return Math.max(0, (this.rule.times ?? 1) - this.hits);
  }

  matches(facts: FaultFacts): boolean {
    const { method, path, endpoint, route } = this.rule.match;
    if (method !== undefined && method.toUpperCase() !== facts.method) return false;
    if (endpoint !== undefined && endpoint !== facts.endpoint) return false;
    if (route !== undefined && route !== facts.route) return false;
    if (typeof path === 'string' && path !== facts.path) return false;
    if (path instanceof RegExp) {
      path.lastIndex = 0;
      if (!path.test(facts.path)) return false;
    }
    return true;
  }

  remove(): void {
    this.detach(this);
  }
}

const DEFAULT_GRANTS = new Set(GRANTED_ROLES.map((role) => role.toLowerCase()));

/**
 * Faults tests inject: scripted answers for matching requests, application permissions taken away (or
 * added), and mailboxes taken out of the app's Exchange access policy.
 */
export class SandboxFaults implements FaultInjector {
  private rules: ActiveRule[] = [];
  private readonly denied = new Set<string>();
  private readonly allowed = new Set<string>();

  constructor(
    private readonly exchangePolicy: ExchangeAccessPolicy,
    private readonly meetingPolicy: ExchangeAccessPolicy,
  ) {}

  add(rule: FaultRule): FaultHandle {
    const active = new ActiveRule(rule, (r) => {
      this.rules = this.rules.filter((other) => other !== r);
    });
    this.rules.push(active);
    return active;
  }

  denyPermission(permission: string): void {
    this.denied.add(permission.toLowerCase());
    this.allowed.delete(permission.toLowerCase());
  }

  allowPermission(permission: string): void {
    this.denied.delete(permission.toLowerCase());
    this.allowed.add(permission.toLowerCase());
  }

  denyMailboxAccess(mailbox?: string): void {
    this.exchangePolicy.deny(mailbox);
  }

  denyMeetingAccess(user?: string): void {
    this.meetingPolicy.deny(user);
  }

  clear(): void {
    this.exchangePolicy.reset();
    this.meetingPolicy.reset();
    this.rules = [];
    this.denied.clear();
    this.allowed.clear();
  }

  /** Whether the app holds any of these permissions now: granted by default or allowed since, and not denied. */
  holdsAny(permissions: readonly string[]): boolean {
    return permissions.some((permission) => {
      const key = permission.toLowerCase();
      return !this.denied.has(key) && (DEFAULT_GRANTS.has(key) || this.allowed.has(key));
    });
  }

  /** The first live rule matching the request, used up by one. */
  take(facts: FaultFacts): FaultDecision | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && r.matches(facts));
    if (!rule) return undefined;
    rule.hits += 1;
    return decide(rule.rule.respond);
  }
}

function decide(respond: FaultResponse): FaultDecision {
  if (respond === 'timeout') return { kind: 'timeout', afterProcessing: false };
  if (respond === 'reset') return { kind: 'reset', afterProcessing: false };
  if ('kind' in respond) {
    switch (respond.kind) {
      case 'timeout':
        return { kind: 'timeout', ms: respond.ms, afterProcessing: respond.afterProcessing ?? false };
      case 'reset':
        return { kind: 'reset', afterProcessing: respond.afterProcessing ?? false };
      case 'failOperation':
        return {
          kind: 'failOperation',
          code: respond.code ?? 'InternalServerError',
          message: respond.message ?? 'The operation failed.',
        };
    }
  }
  const fallback = defaultError(respond.status);
  return {
    kind: 'status',
    status: respond.status,
    code: respond.code ?? fallback.code,
    message: respond.message ?? fallback.message,
    retryAfterSeconds: respond.retryAfterSeconds,
  };
}
