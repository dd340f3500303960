import { randomUUID } from 'node:crypto';
import type { SandboxUser } from './contracts';
import { emptyResponse, graphError, readJsonObject, type SandboxResponse } from './http-exchange';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/**
 * Mail sent from a mailbox of the tenant (user-sendmail.md): 202 with no body, the mail kept in the
 * store for tests to read. Exchange's own error codes, not Entra's: ErrorAccessDenied, ErrorInvalidUser,
 * ErrorInvalidRecipients.
 */
export const mailRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/v1.0/users/{userKey}/sendMail', endpoint: 'mail', permission: PERMISSIONS.sendMail, refusal: 'outlook', handle: sendMail },
];

const ADDRESS = /^[^@\s<>(),;:"[\]]+@[^@\s<>(),;:"[\]]+\.[^@\s<>(),;:"[\]]+$/;

function sendMail(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const key = context.params.userKey ?? '';
  const sender = findMailbox(context, key);
  if (!sender) return graphError(request, 404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
  if (!sender.mail) return graphError(request, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  if (store.mailAccessPolicy && !inPolicy(sender, store.mailAccessPolicy)) {
    return graphError(request, 403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
  }

  const body = readJsonObject(request);
  if (!body.ok) return body.response;
  const message = body.value.message;
  if (!isRecord(message)) return graphError(request, 400, 'ErrorInvalidRequest', "The 'message' parameter is required.");
  const recipients = Array.isArray(message.toRecipients) ? (message.toRecipients as unknown[]) : [];
  if (recipients.length === 0) return graphError(request, 400, 'ErrorInvalidRecipients', "At least one recipient isn't valid., A message can't be sent because it contains no recipients.");
  const to: { address: string; name: string | null }[] = [];
  for (const recipient of recipients) {
    const email = isRecord(recipient) && isRecord(recipient.emailAddress) ? recipient.emailAddress : {};
    const address = typeof email.address === 'string' ? email.address.trim() : '';
    if (!ADDRESS.test(address)) {
      return graphError(
        request,
        400,
        'ErrorInvalidRecipients',
        `At least one recipient isn't valid., Recipient '${address}' isn't resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    to.push({ address, name: typeof email.name === 'string' ? email.name : null });
  }
  const content = isRecord(message.body) ? message.body : {};
  const contentType = typeof content.contentType === 'string' ? content.contentType.toLowerCase() : 'text';
  if (contentType !== 'html' && contentType !== 'text') {
    return graphError(request, 400, 'RequestBodyRead', `Cannot convert the literal '${String(content.contentType)}' to the expected type 'microsoft.graph.bodyType'.`);
  }

  store.sentMails.push({
    id: randomUUID(),
    sender: sender.mail,
    senderId: sender.id,
    to,
    subject: typeof message.subject === 'string' ? message.subject : '',
    contentType: contentType === 'html' ? 'HTML' : 'Text',
    html: typeof content.content === 'string' ? content.content : '',
    saveToSentItems: body.value.saveToSentItems !== false,
    sentAt: request.receivedAt.toISOString(),
  });
  return emptyResponse(202);
}

/** Exchange finds a mailbox by object id, UPN or primary SMTP address. */
function findMailbox(context: RouteContext, key: string): SandboxUser | undefined {
  const found = context.store.findUser(key);
  if (found) return found;
  const address = key.toLowerCase();
  return [...context.store.users.values()].find((user) => user.mail?.toLowerCase() === address);
}

function inPolicy(sender: SandboxUser, policy: readonly string[]): boolean {
  return [sender.id, sender.userPrincipalName, sender.mail ?? ''].some((name) => policy.includes(name.toLowerCase()));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
