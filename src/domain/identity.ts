import type { UserIdentity } from './model';

/**
 * The person acting, exactly as the authenticated activity (bot/turn-identity.ts) or a validated token
 * names them: every use case in application/ takes this one object, whichever door it came through.
 */
export interface Actor {
  readonly user: UserIdentity;
  readonly displayName: string | undefined;
}
