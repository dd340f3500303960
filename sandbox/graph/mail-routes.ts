import { randomUUID } from 'node:crypto';
import type { SandboxMailAttachment } from './contracts';
import { openMailbox } from './exchange-mailboxes';
import { emptyResponse, graphError, readJsonObject, type SandboxRequest, type SandboxResponse } from './http-exchange';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/**
 * Mail sent from a mailbox of the tenant (user-sendmail.md): 202 with no body, the mail kept in the
 * store for tests to read, file attachments included. Exchange's own error codes, not Entra's:
 * ErrorAccessDenied, ErrorInvalidUser, ErrorInvalidRecipients.
 */
export const mailRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/v1.0/users/{userKey}/sendMail', endpoint: 'mail', permission: PERMISSIONS.sendMail, refusal: 'outlook', handle: sendMail },
];

const ADDRESS = /^[^@\s<>(),;:"[\]]+@[^@\s<>(),;:"[\]]+\.[^@\s<>(),;:"[\]]+$/;

function sendMail(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const key = context.params.userKey ?? '';
  const opened = openMailbox(context, key);
  if (!opened.ok) return opened.response;
  const sender = opened.mailbox;

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

  const attachments = attachmentsOf(request, message.attachments);
  if (!attachments.ok) return attachments.response;

  store.sentMails.push({
    id: randomUUID(),
    sender: sender.mail,
    senderId: sender.id,
    to,
    subject: typeof message.subject === 'string' ? message.subject : '',
    contentType: contentType === 'html' ? 'HTML' : 'Text',
    html: typeof content.content === 'string' ? content.content : '',
    attachments: attachments.value,
    saveToSentItems: body.value.saveToSentItems !== false,
    sentAt: request.receivedAt.toISOString(),
  });
  return emptyResponse(202);
}

type Attachments = { readonly ok: true; readonly value: SandboxMailAttachment[] } | { readonly ok: false; readonly response: SandboxResponse };

/**
 * A message's attachments as sendMail takes them inline (user-sendmail.md, fileattachment.md): each a
 * `#microsoft.graph.fileAttachment` with `name`, `contentType` and base64 `contentBytes`. Inline
 * attachments ride in the 4 MB request (larger ones need an upload session, which the app never sends).
 * The refusals' codes and messages are [unverified]: OData's for an attachment without its concrete type.
 */
function attachmentsOf(request: SandboxRequest, raw: unknown): Attachments {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false, response: graphError(request, 400, 'RequestBodyRead', "The property 'attachments' must be a collection.") };
  const value: SandboxMailAttachment[] = [];
  for (const item of raw as unknown[]) {
    const attachment = isRecord(item) ? item : {};
    const type = attachment['@odata.type'];
    if (type !== '#microsoft.graph.fileAttachment' && type !== 'microsoft.graph.fileAttachment') {
      return { ok: false, response: graphError(request, 400, 'RequestBodyRead', 'Cannot create an abstract class: an attachment needs its @odata.type.') };
    }
    const bytes = typeof attachment.contentBytes === 'string' ? attachment.contentBytes : '';
    if (bytes === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(bytes) || bytes.length % 4 !== 0) {
      return { ok: false, response: graphError(request, 400, 'RequestBodyRead', `The attachment's contentBytes is not valid base64.`) };
    }
    const name = typeof attachment.name === 'string' ? attachment.name.trim() : '';
    if (name === '') return { ok: false, response: graphError(request, 400, 'ErrorInvalidRequest', 'The attachment name cannot be empty.') };
    const contentType = typeof attachment.contentType === 'string' ? attachment.contentType : 'application/octet-stream';
    value.push({ name, contentType, contentBase64: bytes, size: Buffer.from(bytes, 'base64').length });
  }
  return { ok: true, value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
