import type { DirectoryPerson, OutgoingMail, ReachGraph } from '../domain/delivery/reach-graph';
import type { CreatedOnlineEvent, OnlineEventRequest, OnlineMeetings } from '../domain/meetings/online-meetings';
import type { UserIdentity } from '../domain/model';
import type { DiscoveredRecording, RecordingSource, RecordingsPage, TeamsMeetingPointer } from '../domain/recordings/recording-discovery';
import type {
  GuestInvitation,
  MemberAddResult,
  OperationStatus,
  TeamCreationRequest,
  TeamMembership,
  TeamsGraph,
} from '../domain/teams-graph';
import { AppInstallationsAdapter } from './app-installations-adapter';
import { GraphCalls } from './graph-calls';
import type { GraphClientHandle } from './graph-client';
import { InvitationsAdapter } from './invitations-adapter';
import { MailAdapter } from './mail-adapter';
import { MembersAdapter } from './members-adapter';
import { OnlineMeetingsAdapter } from './online-meetings-adapter';
import { PeopleDirectoryAdapter } from './people-directory-adapter';
import { RecordingsAdapter } from './recordings-adapter';
import { TeamsAdapter } from './teams-adapter';
import { UserInstallationsAdapter } from './user-installations-adapter';

/**
 * TeamsGraph (provisioning), ReachGraph (delivery) and OnlineMeetings (meetings' Teams meetings) over the
 * Graph SDK client, one adapter per Graph resource family sharing one client (and so one token cache,
 * rate limiter and retry policy): teams and their operations, members, app installations in teams and
 * for people, invitations, the directory, mail, calendar events. Each port stays its own interface; the
 * gateway is handed to each user typed as the one it needs. Throttling and transient retries happen in
 * the client's middleware; what leaves here is a result or a TeamsGraphFailure.
 */
export class GraphTeamsGateway implements TeamsGraph, ReachGraph, OnlineMeetings, RecordingSource {
  private readonly teams: TeamsAdapter;
  private readonly members: MembersAdapter;
  private readonly apps: AppInstallationsAdapter;
  private readonly invitations: InvitationsAdapter;
  private readonly userApps: UserInstallationsAdapter;
  private readonly directory: PeopleDirectoryAdapter;
  private readonly mail: MailAdapter;
  private readonly events: OnlineMeetingsAdapter;
  private readonly recordings: RecordingsAdapter;

  constructor(
    private readonly graph: GraphClientHandle,
    baseUrl: string,
  ) {
    const calls = new GraphCalls(graph.client, baseUrl);
    this.teams = new TeamsAdapter(calls);
    this.members = new MembersAdapter(calls);
    this.apps = new AppInstallationsAdapter(calls);
    this.invitations = new InvitationsAdapter(calls);
    this.userApps = new UserInstallationsAdapter(calls);
    this.directory = new PeopleDirectoryAdapter(calls);
    this.mail = new MailAdapter(calls);
    this.events = new OnlineMeetingsAdapter(calls);
    this.recordings = new RecordingsAdapter(calls);
  }

  recordingsSince(organizer: string, deltaLink: string | undefined, since: Date): Promise<RecordingsPage> {
    return this.recordings.recordingsSince(organizer, deltaLink, since);
  }

  onlineMeetingIdOf(meeting: TeamsMeetingPointer): Promise<string | undefined> {
    return this.recordings.onlineMeetingIdOf(meeting);
  }

  recordingsOf(meeting: TeamsMeetingPointer): Promise<readonly DiscoveredRecording[]> {
    return this.recordings.recordingsOf(meeting);
  }

  /** Closes idle connections to Graph. */
  close(): void {
    this.graph.close();
  }

  startTeamCreation(request: TeamCreationRequest): Promise<{ teamId: string; operation: string }> {
    return this.teams.startTeamCreation(request);
  }

  findTeamCreatedSince(displayName: string, since: Date): Promise<string | undefined> {
    return this.teams.findTeamCreatedSince(displayName, since);
  }

  pollOperation(operation: string): Promise<OperationStatus> {
    return this.teams.pollOperation(operation);
  }

  reachTeam(teamId: string): Promise<{ readonly webUrl: string | undefined } | undefined> {
    return this.teams.reachTeam(teamId);
  }

  async isTeamReachable(teamId: string): Promise<boolean> {
    return (await this.teams.reachTeam(teamId)) !== undefined;
  }

  archiveTeam(teamId: string): Promise<{ operation: string }> {
    return this.teams.archiveTeam(teamId);
  }

  findCatalogApp(manifestId: string): Promise<string | undefined> {
    return this.apps.findCatalogApp(manifestId);
  }

  installApp(teamId: string, catalogAppId: string): Promise<'installed' | 'already_installed'> {
    return this.apps.installApp(teamId, catalogAppId);
  }

  addMembers(teamId: string, users: readonly UserIdentity[]): Promise<MemberAddResult[]> {
    return this.members.addMembers(teamId, users);
  }

  findMembership(teamId: string, user: UserIdentity): Promise<TeamMembership | undefined> {
    return this.members.findMembership(teamId, user);
  }

  removeMembership(teamId: string, membershipId: string): Promise<'removed' | 'not_member'> {
    return this.members.removeMembership(teamId, membershipId);
  }

  unarchiveTeam(teamId: string): Promise<{ operation: string }> {
    return this.teams.unarchiveTeam(teamId);
  }

  inviteGuest(request: GuestInvitation): Promise<{ aadObjectId: string }> {
    return this.invitations.inviteGuest(request);
  }

  installAppForUser(aadObjectId: string, catalogAppId: string): Promise<'installed' | 'already_installed'> {
    return this.userApps.installAppForUser(aadObjectId, catalogAppId);
  }

  personalChatId(aadObjectId: string, catalogAppId: string): Promise<string | undefined> {
    return this.userApps.personalChatId(aadObjectId, catalogAppId);
  }

  findPerson(aadObjectId: string): Promise<DirectoryPerson | undefined> {
    return this.directory.findPerson(aadObjectId);
  }

  sendMail(mail: OutgoingMail): Promise<void> {
    return this.mail.sendMail(mail);
  }

  createEvent(mailbox: string, event: OnlineEventRequest): Promise<CreatedOnlineEvent> {
    return this.events.createEvent(mailbox, event);
  }

  updateEvent(mailbox: string, eventId: string, event: OnlineEventRequest): Promise<void> {
    return this.events.updateEvent(mailbox, eventId, event);
  }

  cancelEvent(mailbox: string, eventId: string, comment: string): Promise<void> {
    return this.events.cancelEvent(mailbox, eventId, comment);
  }
}
