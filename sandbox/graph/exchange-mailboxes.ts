import type { SandboxUser } from './contracts';
import { graphError, type SandboxResponse } from './http-exchange';
import type { RouteContext } from './route';

export type MailboxLookup = { readonly ok: true; readonly mailbox: SandboxUser & { readonly mail: string } } | { readonly ok: false; readonly response: SandboxResponse };

/**
 * The mailbox `key` names (object id, UPN or primary SMTP address, as Exchange finds one), or the answer
 * Exchange gives when the app may not use it. Real-world shapes:
 * - no such user, or a recipient without a mailbox store (a distribution list): 404 ErrorInvalidUser
 *   "The requested user '…' is invalid." (microsoftgraph/microsoft-graph-docs#4097, with Calendars.ReadWrite;
 *   microsoft-graph-docs-contrib#5460 from the JS SDK);
 * - a user without an Exchange Online mailbox (no licence, soft-deleted, on-premises): 404
 *   MailboxNotEnabledForRESTAPI "The mailbox is either inactive, soft-deleted, or is hosted on-premise."
 *   (iyear/E5SubBot#39; microsoft/MicrosoftCloud#41, creating a Teams meeting as an event);
 * - a mailbox outside the app's access policy: 403 ErrorAccessDenied "Access to OData is disabled: [RAOP] :
 *   Blocked by tenant configured AppOnly AccessPolicy settings." (quoted verbatim by several public
 *   write-ups of sendMail and of calendar reads under an application access policy).
 */
export function openMailbox(context: RouteContext, key: string): MailboxLookup {
  const { request, store } = context;
  const user = findMailboxUser(context, key);
  if (!user) return { ok: false, response: graphError(request, 404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`) };
  if (!user.mail) return { ok: false, response: graphError(request, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.') };
  if (!store.exchangePolicy.admits(user)) {
    return { ok: false, response: graphError(request, 403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.') };
  }
  return { ok: true, mailbox: { ...user, mail: user.mail } };
}

function findMailboxUser(context: RouteContext, key: string): SandboxUser | undefined {
  const found = context.store.findUser(key);
  if (found) return found;
  const address = key.toLowerCase();
  return [...context.store.users.values()].find((user) => user.mail?.toLowerCase() === address);
}
