import { randomUUID } from 'node:crypto';
import type { SandboxUser } from './contracts';
import { graphError, jsonResponse, readJsonObject, type SandboxResponse } from './http-exchange';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/** Directory users and B2B guest invitations (§2.4, §2.5). */
export const directoryRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/v1.0/users/{userKey}', endpoint: 'directory', permission: PERMISSIONS.readUsers, handle: getUser },
  { method: 'POST', pattern: '/v1.0/invitations', endpoint: 'directory', permission: PERMISSIONS.inviteGuests, handle: invite },
];

/** What GET /users returns without `$select` (user-get.md); `userType` and `accountEnabled` need `$select`. */
const DEFAULT_USER_PROPERTIES = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

function getUser(context: RouteContext): SandboxResponse {
  const key = context.params.userKey ?? '';
  const user = context.store.findUser(key);
  if (!user) {
    return graphError(context.request, 404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const full: Record<string, unknown> = {
    businessPhones: [],
    displayName: user.displayName,
    givenName: null,
    jobTitle: null,
    mail: user.mail ?? null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    userType: user.userType ?? 'Member',
    accountEnabled: user.accountEnabled ?? true,
  };
  const selected = context.request.query.get('$select');
  const properties = selected ? selected.split(',').map((p) => p.trim()).filter(Boolean) : DEFAULT_USER_PROPERTIES;
  const body: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity' };
  for (const property of properties) if (property in full) body[property] = full[property];
  return jsonResponse(200, body);
}

/**
 * 201 + invitation; the guest exists in the directory at once (invitation-post.md). Inviting an
 * address that already has a guest account returns that account again instead of a second one.
 */
function invite(context: RouteContext): SandboxResponse {
  const body = readJsonObject(context.request);
  if (!body.ok) return body.response;
  const { invitedUserEmailAddress: email, inviteRedirectUrl, invitedUserDisplayName } = body.value;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    return graphError(context.request, 400, 'BadRequest', "The 'invitedUserEmailAddress' property is required and must be an email address.");
  }
  if (typeof inviteRedirectUrl !== 'string' || inviteRedirectUrl === '') {
    return graphError(context.request, 400, 'BadRequest', "The 'inviteRedirectUrl' property is required.");
  }
  const store = context.store;
  const upn = `${email.replace('@', '_')}#EXT#@${store.tenantDomain}`;
  let guest = store.findUser(upn);
  if (!guest) {
    const created: SandboxUser = {
      id: randomUUID(),
      displayName: typeof invitedUserDisplayName === 'string' && invitedUserDisplayName !== '' ? invitedUserDisplayName : email,
      userPrincipalName: upn,
      mail: email,
      userType: 'Guest',
      accountEnabled: true,
    };
    store.addUser(created);
    guest = created;
  }
  const id = randomUUID();
  const invitation = {
    id,
    inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(`https://invitations.microsoft.com/redeem/?tenant=${store.tenantId}&ticket=${id}`)}`,
    invitedUserDisplayName: typeof invitedUserDisplayName === 'string' ? invitedUserDisplayName : null,
    invitedUserType: 'Guest',
    invitedUserEmailAddress: email,
    sendInvitationMessage: body.value.sendInvitationMessage === true,
    resetRedemption: body.value.resetRedemption === true,
    inviteRedirectUrl,
    status: 'PendingAcceptance',
  };
  store.invitations.push({ ...invitation, invitedUserId: guest.id });
  return jsonResponse(201, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#invitations/$entity',
    ...invitation,
    invitedUserMessageInfo: body.value.invitedUserMessageInfo ?? { messageLanguage: null, ccRecipients: [{ emailAddress: { name: null, address: null } }], customizedMessageBody: null },
    invitedUser: { id: guest.id },
  });
}
