import { createHash } from 'node:crypto';
import type { GraphTeamsGateway } from '../src/graph/graph-teams-gateway';
import { type BotConnectorStandIn, startBotConnector } from './bot-connector';
import { type GraphSandbox, type SandboxUser, startGraphSandbox } from './graph';
import { gatewayForSandbox } from './sandbox-gateway';

/** The manifest id the offline catalog knows the app by, when TEAMS_APP_ID is not set. */
export const OFFLINE_MANIFEST_ID = '0c5e8f3a-7d41-4b6e-9a2f-3c0ffee0a77a';

/** The service mailbox the offline directory holds, for mail sent when no sender is configured. */
export const OFFLINE_MAIL_SENDER = 'communautes@cop-demo.example';

/** Someone the offline directory holds (the Agents Playground's demo people). */
export interface OfflinePerson {
  readonly aadObjectId: string;
  readonly name: string;
  readonly userPrincipalName: string;
  /** Their mail address; default their UPN. */
  readonly mail?: string;
  /** Default Member. */
  readonly userType?: 'Member' | 'Guest';
  /**
   * They never opened the app in Teams: Graph finds no personal installation for them until delivery
   * installs it. Default false: the demo people have chatted with the bot, so the app is installed for them.
   */
  readonly neverOpenedApp?: boolean;
}

export interface OfflineGraphOptions {
  /** The only tenant the offline Graph issues tokens for. */
  readonly tenantId: string;
  /** The manifest id its app catalog lists (default OFFLINE_MANIFEST_ID). */
  readonly manifestId: string | undefined;
  readonly directory: readonly OfflinePerson[];
  /** The mailbox mail is sent from (default OFFLINE_MAIL_SENDER); the offline directory holds it as a service account. */
  readonly mailSender?: string | undefined;
  /**
   * The mailbox meetings' Teams meetings are put on (MEETING_MAILBOX; default the mail sender): the
   * offline directory holds it as a service account that may host Teams meetings.
   */
  readonly meetingMailbox?: string | undefined;
  /** Each Teams meeting gets a recording once it has ended, for recording discovery to find (default true: the local demo). */
  readonly recordEndedMeetings?: boolean;
}

export interface OfflineGraph {
  readonly sandbox: GraphSandbox;
  /**
   * TeamsGraph for provisioning, ReachGraph for delivery (installs for people, their chats, the directory,
   * mail) and OnlineMeetings for meetings (events with Teams meetings on `meetingMailbox`).
   */
  readonly gateway: GraphTeamsGateway;
  readonly manifestId: string;
  /** The mailbox the offline directory can send from. */
  readonly mailSender: string;
  /** The service mailbox whose calendar holds the meetings' Teams meetings. */
  readonly meetingMailbox: string;
  /**
   * Where the 1:1 chats this Graph opens (the app installed for someone) are reached: an offline Bot
   * Connector that knows them, since the Agents Playground only knows its own conversation.
   */
  readonly chatServiceUrl: string;
  readonly chats: BotConnectorStandIn;
  stop(): Promise<void>;
}

/**
 * Offline mode, the only way the app reaches the sandbox: without Graph credentials it provisions teams
 * in its own offline Graph (HTTPS on loopback, certificate made now), through the very same gateway,
 * SDK and credential it would use against Microsoft Graph. Its directory holds the people it is given.
 */
export async function startOfflineGraph(options: OfflineGraphOptions): Promise<OfflineGraph> {
  const manifestId = options.manifestId ?? OFFLINE_MANIFEST_ID;
  const mailSender = options.mailSender ?? OFFLINE_MAIL_SENDER;
  const meetingMailbox = options.meetingMailbox ?? mailSender;
  const serviceMailboxes = meetingMailbox.toLowerCase() === mailSender.toLowerCase() ? [mailSender] : [mailSender, meetingMailbox];
  const sandbox = await startGraphSandbox({
    tenantId: options.tenantId,
    users: [
      ...options.directory.map((p) => ({
        id: p.aadObjectId,
        displayName: p.name,
        userPrincipalName: p.userPrincipalName,
        mail: p.mail ?? p.userPrincipalName,
        userType: p.userType ?? 'Member',
        openedApp: p.neverOpenedApp !== true && p.userType !== 'Guest',
      })),
      ...serviceMailboxes.map((address) => serviceMailbox(address)),
    ],
    catalogApps: [{ id: 'f1b2c3d4-0000-4000-8000-00000000ca7a', externalId: manifestId, displayName: 'Communautés de pratique' }],
    recordEndedMeetings: options.recordEndedMeetings ?? true,
  });
  const gateway = gatewayForSandbox(sandbox);
  const chats = await startBotConnector({ recordCalls: false, defaultTenantId: options.tenantId });
  for (const installation of sandbox.state.personalInstallations) chats.allowConversation(installation.chatId, { tenantId: options.tenantId, aadObjectId: installation.userId });
  sandbox.personalApps.onInstalled((installation) => chats.allowConversation(installation.chatId, { tenantId: options.tenantId, aadObjectId: installation.userId }));
  return {
    sandbox,
    gateway,
    manifestId,
    mailSender,
    meetingMailbox,
    chatServiceUrl: chats.serviceUrl,
    chats,
    async stop() {
      gateway.close();
      await chats.stop();
      await sandbox.stop();
    },
  };
}

/** A service account whose mailbox sends the app's mail (the real one is scoped by an Exchange application access policy). */
function serviceMailbox(address: string): SandboxUser {
  return {
    id: uuidFrom(address),
    displayName: 'Communautés de pratique',
    userPrincipalName: address,
    mail: address,
    userType: 'Member',
  };
}

/** A stable object id for the service mailbox, so restarts of offline mode see the same account. */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text.toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
