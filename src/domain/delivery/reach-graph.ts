/**
 * What delivery needs from Microsoft Graph to reach people the bot cannot write to in Teams yet
 * (teams-graph-facts §4.3): install the app for them, find the 1:1 chat that creates, look them up in
 * the directory, and e-mail them from a service mailbox. graph/ implements it with the Graph SDK; the
 * offline sandbox answers the same calls. Failures are TeamsGraphFailure (domain/teams-graph.ts).
 */
export interface ReachGraph {
  /**
   * POST /users/{id}/teamwork/installedApps with the catalog app (permission
   * TeamsAppInstallation.ReadWriteSelfForUser.All). 409 is `already_installed`.
   */
  installAppForUser(aadObjectId: string, catalogAppId: string): Promise<'installed' | 'already_installed'>;
  /**
   * The chat id of the person's 1:1 conversation with the app: GET installedApps filtered on the catalog
   * id, then GET …/installedApps/{installationId}/chat. Undefined when the app is not installed for them.
   */
  personalChatId(aadObjectId: string, catalogAppId: string): Promise<string | undefined>;
  /** GET /users/{id}: undefined when the directory does not know them (404). */
  findPerson(aadObjectId: string): Promise<DirectoryPerson | undefined>;
  /** POST /users/{sender}/sendMail (permission Mail.Send); Graph answers 202 with no body. */
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
}
