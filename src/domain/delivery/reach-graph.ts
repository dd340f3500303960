/**
 * What delivery needs from Microsoft Graph to reach people the bot cannot write to in Teams yet
 * (teams-graph-facts §4.3): install the app for them, find the 1:1 chat that creates, look them up in
 * the directory, and e-mail them from a service mailbox. graph/ implements it with the Graph SDK; the
 * offline sandbox answers the same calls. Failures are TeamsGraphFailure (domain/teams-graph.ts).
 */
export interface ReachGraph {
  /**
   * POST /users/{id}/teamwork/installedApps with the catalog app (permission
   * TeamsAppInstallation.ReadWriteSelfForUser.All). 409 is `already_installed`. Teams then tells the bot
   * of the new 1:1 conversation (conversationUpdate); personalChatId finds it meanwhile.
   * Fails `not_found` for someone the directory does not know or an app missing from the catalog, and
   * `permission_denied` without the permission (named) or for a guest (no permission named: look them up
   * with findPerson first, guests are e-mailed).
   */
  installAppForUser(aadObjectId: string, catalogAppId: string): Promise<'installed' | 'already_installed'>;
  /**
   * The chat id of the person's 1:1 conversation with the app (`19:…@unq.gbl.spaces`, a conversation id
   * the bot may write to): GET installedApps filtered on the catalog id, then GET
   * …/installedApps/{installationId}/chat. Undefined when the app is not installed for them; `not_found`
   * when the directory does not know them.
   */
  personalChatId(aadObjectId: string, catalogAppId: string): Promise<string | undefined>;
  /** GET /users/{id}: undefined when the directory does not know them (404). */
  findPerson(aadObjectId: string): Promise<DirectoryPerson | undefined>;
  /**
   * POST /users/{sender}/sendMail (permission Mail.Send); Graph answers 202 with no body. Never sent twice
   * after an unclear failure (a timeout may have sent it). Fails `permission_denied` (Mail.Send) without
   * the permission or for a mailbox outside the app's Exchange access policy, `not_found` for a sender
   * mailbox that does not exist, `bad_request` for an address Exchange cannot resolve.
   */
  sendMail(mail: OutgoingMail): Promise<void>;
}

export interface DirectoryPerson {
  readonly displayName: string;
  /** The mail address, when the directory has one. */
  readonly mail: string | undefined;
  /** Guests are external: they are e-mailed, never installed for. */
  readonly userType: 'Member' | 'Guest';
}

export interface OutgoingMail {
  /** The service mailbox (user id or UPN) the mail is sent from. */
  readonly from: string;
  readonly to: { readonly address: string; readonly name: string };
  readonly subject: string;
  /** Plain, accessible HTML: headings, paragraphs, real links; the language set on the root element. */
  readonly html: string;
  /** Files sent with it (a meeting's .ics), each inline in the request: keep them small (Graph takes up to 3 MB so). */
  readonly attachments?: readonly MailAttachment[];
}

export interface MailAttachment {
  /** The file name the recipient sees, e.g. `rencontre.ics`. */
  readonly name: string;
  /** e.g. `text/calendar; method=PUBLISH; charset=UTF-8`. */
  readonly contentType: string;
  readonly contentBase64: string;
}
