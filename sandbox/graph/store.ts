import type {
  SandboxRecordingView,
  CatalogApp,
  OperationStatus,
  OperationType,
  RequestLogEntry,
  SandboxGroupView,
  SandboxInvitationView,
  SandboxMailView,
  SandboxOperationView,
  SandboxPersonalInstallationView,
  SandboxEventView,
  SandboxState,
  SandboxTeamView,
  SandboxUser,
} from './contracts';
import { CalendarEvents } from './calendar-events';
import type { SandboxClock } from './clock';
import { ExchangeAccessPolicy } from './exchange-access-policy';
import { OnlineMeetingRecordings } from './online-meeting-recordings';
import { PersonalAppInstallations } from './personal-apps';

export interface MemberRecord {
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly roles: string[];
  readonly visibleHistoryStartDateTime: string;
}

export interface InstallationRecord {
  readonly id: string;
  readonly app: CatalogApp;
}

export interface GroupRecord {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly createdDateTime: string;
  readonly mailNickname: string;
  readonly visibility: string;
  resourceProvisioningOptions: string[];
}

export interface TeamRecord {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly visibility: string;
  readonly createdDateTime: string;
  /** The thread id Teams uses for the team's General channel. */
  readonly internalId: string;
  provisioning: 'provisioning' | 'succeeded' | 'failed';
  /** Epoch ms from which GET /teams/{id} finds it (eventual consistency); null until provisioned. */
  visibleFrom: number | null;
  isArchived: boolean;
  /** Keyed by user id: a person is in a team once. */
  readonly members: Map<string, MemberRecord>;
  /** Keyed by catalog app id. */
  readonly installedApps: Map<string, InstallationRecord>;
}

export interface OperationRecord {
  readonly id: string;
  readonly operationType: OperationType;
  readonly teamId: string;
  readonly createdDateTime: string;
  lastActionDateTime: string;
  polls: number;
  readonly requiredPolls: number;
  status: OperationStatus;
  readonly failure: { readonly code: string; readonly message: string } | null;
}

export interface InvitationRecord {
  readonly id: string;
  readonly invitedUserEmailAddress: string;
  readonly invitedUserDisplayName: string | null;
  readonly invitedUserType: string;
  readonly inviteRedirectUrl: string;
  readonly inviteRedeemUrl: string;
  readonly sendInvitationMessage: boolean;
  readonly resetRedemption: boolean;
  readonly status: string;
  readonly invitedUserId: string;
}

export type MailRecord = SandboxMailView;

export interface SandboxStoreOptions {
  readonly tenantId: string;
  readonly tenantDomain: string;
  readonly users: readonly SandboxUser[];
  readonly catalogApps: readonly CatalogApp[];
  readonly botAppId: string;
  /** Lower-cased mailboxes (ids, UPNs or addresses) the app's Exchange access policy lets it use; null: any. */
  readonly mailAccessPolicy: readonly string[] | null;
  /** Lower-cased users the Teams application access policy is granted to; null: granted tenant-wide (-Global). */
  readonly meetingAccessPolicy: readonly string[] | null;
  /** Each Teams meeting gets one recording once it has ended (the local demo). */
  readonly recordEndedMeetings: boolean;
  /** For the dates of what the store makes outside a request (presets). */
  readonly clock: SandboxClock;
}

const REQUEST_LOG_CAPACITY = 100_000;

/** Everything the sandbox remembers. Handlers mutate it synchronously, so requests never interleave mid-change. */
export class SandboxStore {
  /** Keyed by lower-cased object id. */
  readonly users = new Map<string, SandboxUser>();
  private readonly userIdsByUpn = new Map<string, string>();
  readonly catalogApps: CatalogApp[];
  readonly teams = new Map<string, TeamRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly operations = new Map<string, OperationRecord>();
  readonly invitations: InvitationRecord[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly membershipCounts = { added: 0, alreadyPresent: 0 };
  readonly personalApps: PersonalAppInstallations;
  /** Installations POST /users/{id}/teamwork/installedApps made (presets are not counted). */
  personalInstallsByGraph = 0;
  readonly sentMails: MailRecord[] = [];
  readonly calendarEvents = new CalendarEvents();
  readonly tenantId: string;
  readonly tenantDomain: string;
  /** Which mailboxes the app may use, for mail and calendars alike. */
  readonly exchangePolicy: ExchangeAccessPolicy;
  /**
   * The Teams application access policy (Grant-CsApplicationAccessPolicy, teams-graph-facts §5.3): which
   * organisers' onlineMeetings and recordings the app may read. The same mechanism as Exchange's.
   */
  readonly meetingPolicy: ExchangeAccessPolicy;
  readonly meetingRecordings = new OnlineMeetingRecordings();
  readonly recordEndedMeetings: boolean;
  readonly state: SandboxState;
  private readonly clock: SandboxClock;
  private readonly logListeners = new Set<(entry: RequestLogEntry) => void>();

  constructor(options: SandboxStoreOptions) {
    this.tenantId = options.tenantId;
    this.tenantDomain = options.tenantDomain;
    this.exchangePolicy = new ExchangeAccessPolicy(options.mailAccessPolicy);
    this.meetingPolicy = new ExchangeAccessPolicy(options.meetingAccessPolicy);
    this.recordEndedMeetings = options.recordEndedMeetings;
    this.clock = options.clock;
    this.catalogApps = options.catalogApps.map((app) => ({ ...app }));
    this.personalApps = new PersonalAppInstallations(options.tenantId, options.botAppId);
    for (const user of options.users) this.addUser(user);
    this.state = new StoreSnapshots(this);
  }

  /** With `openedApp`, the person also gets every catalog app in personal scope, as if they had opened it. */
  addUser(user: SandboxUser): void {
    const id = user.id.toLowerCase();
    const previous = this.users.get(id);
    if (previous) this.userIdsByUpn.delete(previous.userPrincipalName.toLowerCase());
    const stored = { ...user };
    this.users.set(id, stored);
    this.userIdsByUpn.set(user.userPrincipalName.toLowerCase(), id);
    if (!user.openedApp) return;
    for (const app of this.catalogApps) {
      if (!this.personalApps.find(stored.id, app.id)) this.personalApps.install(stored, app, this.clock.now(), 'user');
    }
  }

  /** By object id or user principal name, both case-insensitive as in Entra ID. */
  findUser(idOrUpn: string): SandboxUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.get(key) ?? this.users.get(this.userIdsByUpn.get(key) ?? '');
  }

  /** Keeps the newest entries; drops the oldest tenth at a time so a long benchmark does not pay a shift per request. */
  log(entry: RequestLogEntry): void {
    if (this.requestLog.length >= REQUEST_LOG_CAPACITY) this.requestLog.splice(0, REQUEST_LOG_CAPACITY / 10);
    this.requestLog.push(entry);
    for (const listener of [...this.logListeners]) listener(entry);
  }

  /** Calls `listener` with every entry logged from now on; the function returned stops it. */
  onLogged(listener: (entry: RequestLogEntry) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }
}

class StoreSnapshots implements SandboxState {
  constructor(private readonly store: SandboxStore) {}

  get teams(): readonly SandboxTeamView[] {
    return [...this.store.teams.values()].map(teamView);
  }

  team(id: string): SandboxTeamView | undefined {
    const team = this.store.teams.get(id.toLowerCase());
    return team ? teamView(team) : undefined;
  }

  get groups(): readonly SandboxGroupView[] {
    return [...this.store.groups.values()].map((g) => ({
      id: g.id,
      displayName: g.displayName,
      description: g.description,
      createdDateTime: g.createdDateTime,
      resourceProvisioningOptions: [...g.resourceProvisioningOptions],
    }));
  }

  get operations(): readonly SandboxOperationView[] {
    return [...this.store.operations.values()].map((o) => ({
      id: o.id,
      operationType: o.operationType,
      teamId: o.teamId,
      status: o.status,
      polls: o.polls,
      error: o.status === 'failed' ? o.failure : null,
    }));
  }

  get invitations(): readonly SandboxInvitationView[] {
    return this.store.invitations.map((i) => ({
      id: i.id,
      invitedUserEmailAddress: i.invitedUserEmailAddress,
      invitedUserId: i.invitedUserId,
      status: i.status,
    }));
  }

  get users(): readonly SandboxUser[] {
    return [...this.store.users.values()].map((u) => ({ ...u }));
  }

  get personalInstallations(): readonly SandboxPersonalInstallationView[] {
    return this.store.personalApps.views();
  }

  get sentMails(): readonly SandboxMailView[] {
    return this.store.sentMails.map((mail) => ({ ...mail, to: mail.to.map((recipient) => ({ ...recipient })), attachments: mail.attachments.map((a) => ({ ...a })) }));
  }

  get events(): readonly SandboxEventView[] {
    return this.store.calendarEvents.views();
  }

  get recordings(): readonly SandboxRecordingView[] {
    return this.store.meetingRecordings.views();
  }

  event(id: string): SandboxEventView | undefined {
    return this.store.calendarEvents.view(id);
  }

  get requestLog(): readonly RequestLogEntry[] {
    return [...this.store.requestLog];
  }
}

function teamView(team: TeamRecord): SandboxTeamView {
  return {
    id: team.id,
    displayName: team.displayName,
    description: team.description,
    visibility: team.visibility,
    createdDateTime: team.createdDateTime,
    provisioning: team.provisioning,
    isArchived: team.isArchived,
    members: [...team.members.values()].map((m) => ({
      id: m.id,
      userId: m.userId,
      displayName: m.displayName,
      email: m.email,
      roles: [...m.roles],
    })),
    installedApps: [...team.installedApps.values()].map((i) => ({
      id: i.id,
      teamsAppId: i.app.id,
      externalId: i.app.externalId,
      displayName: i.app.displayName,
    })),
  };
}
