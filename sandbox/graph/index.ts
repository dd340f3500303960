import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { AsyncOperations } from './async-operations';
import { createLoopbackCertificate } from './certificate';
import { type SandboxClock, systemSandboxClock } from './clock';
import type { GraphSandbox, GraphSandboxOptions, RequestLogEntry, SandboxPersonalApps, SandboxRecordings, SandboxStats } from './contracts';
import { SandboxFaults } from './faults';
import { onlineMeetingOf, recordingView } from './online-meeting-recordings';
import { serveRequest } from './request-pipeline';
import { RateLimiter, resolveLimits } from './rate-limits';
import { Router } from './router';
import { SocketHolds } from './socket-holds';
import { SandboxStore } from './store';
import { TokenIssuer } from './token-issuer';
import { TrafficStats } from './traffic-stats';

export type * from './contracts';
export { type SandboxClock, systemSandboxClock } from './clock';
export { GRAPH_TEAMS_LIMITS } from './rate-limits';
export { MAX_MEMBERS_PER_ADD, MAX_MEMBERS_PER_REMOVE } from './members-routes';
export { PERMISSIONS } from './permissions';
export { type SandboxTrust, trustSandboxCertificate } from './trust';

const LOOPBACK = '127.0.0.1';

/** The test-facing side of the store's personal installations (contracts.ts SandboxPersonalApps). */
function personalAppsOf(store: SandboxStore, clock: SandboxClock): SandboxPersonalApps {
  const resolve = (userIdOrUpn: string, catalogAppId: string | undefined) => {
    const user = store.findUser(userIdOrUpn);
    if (!user) throw new Error(`The Graph sandbox's directory has no user '${userIdOrUpn}'.`);
    const app = catalogAppId === undefined ? store.catalogApps[0] : store.catalogApps.find((a) => a.id === catalogAppId);
    if (!app) throw new Error(`The Graph sandbox's catalog has no app '${catalogAppId ?? '(none at all)'}'.`);
    return { user, app };
  };
  return {
    install(userIdOrUpn, catalogAppId) {
      const { user, app } = resolve(userIdOrUpn, catalogAppId);
      const record = store.personalApps.find(user.id, app.id) ?? store.personalApps.install(user, app, clock.now(), 'user');
      return store.personalApps.view(record);
    },
    uninstall(userIdOrUpn, catalogAppId) {
      const { user, app } = resolve(userIdOrUpn, catalogAppId);
      return store.personalApps.uninstall(user.id, app.id);
    },
    onInstalled: (listener) => store.personalApps.onInstalled(listener),
  };
}
/** The test-facing control of recordings (contracts.ts SandboxRecordings). */
function recordingsOf(store: SandboxStore): SandboxRecordings {
  return {
    makeAvailable(eventIdOrJoinUrl, times = {}) {
      const event = store.calendarEvents.records().find((candidate) => candidate.id === eventIdOrJoinUrl || candidate.joinUrl === eventIdOrJoinUrl);
      const meeting = event && onlineMeetingOf(event);
      if (!event || !meeting) throw new Error(`The Graph sandbox has no Teams meeting for '${eventIdOrJoinUrl}'.`);
      const record = store.meetingRecordings.add(meeting, {
        createdDateTime: times.createdDateTime ?? event.startsAt.toUTC().toISO() ?? '',
        endDateTime: times.endDateTime ?? event.endsAt.toUTC().toISO() ?? '',
      });
      return recordingView(record);
    },
  };
}

const TENANT_DOMAIN = 'sandbox.onmicrosoft.com';

/**
 * Starts the offline Graph: an HTTPS server on loopback with a certificate made now, serving the token
 * endpoints (as `authorityHost`) and the Graph v1.0 endpoints the app uses (as `baseUrl`), over state of
 * its own. The real Graph SDK and @azure/identity talk to it as to Graph once they trust
 * `caCertificatePem` (trust.ts) and list `host` in the client's `customHosts`:
 * ```ts
 * const sandbox = await startGraphSandbox({ users, catalogApps });
 * const trust = trustSandboxCertificate(sandbox.caCertificatePem);
 * const credential = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, sandbox.clientSecret,
 *   { authorityHost: sandbox.authorityHost, disableInstanceDiscovery: true, ...trust.credentialOptions });
 * const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
 * const client = Client.initWithMiddleware({ middleware: trust.graphMiddleware(authProvider), baseUrl: sandbox.baseUrl, customHosts: new Set([sandbox.host]) });
 * ```
 * Its windows and timed holds run on `options.clock` (the system's by default): a test passes a virtual
 * clock and moves it rather than waiting, and awaits `sandbox.nextRequest(match)` rather than pausing.
 */
export async function startGraphSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const tenantId = (options.tenantId ?? randomUUID()).toLowerCase();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? 'sandbox-secret';
  const certificate = await createLoopbackCertificate();
  const clock = options.clock ?? systemSandboxClock;
  const store = new SandboxStore({
    tenantId,
    tenantDomain: TENANT_DOMAIN,
    users: options.users ?? [],
    catalogApps: options.catalogApps ?? [],
    botAppId: options.botAppId ?? clientId,
    mailAccessPolicy: options.mailAccessPolicy?.map((mailbox) => mailbox.toLowerCase()) ?? null,
    meetingAccessPolicy: options.meetingAccessPolicy?.map((user) => user.toLowerCase()) ?? null,
    recordEndedMeetings: options.recordEndedMeetings ?? false,
    clock,
  });
  const limits = resolveLimits(options.limits);
  const enforceLimits = options.enforceLimits ?? false;
  const stats = new TrafficStats(limits.windowMs);
  const faults = new SandboxFaults(store.exchangePolicy, store.meetingPolicy);
  const holds = new SocketHolds(clock);
  const waits = new Set<(reason: Error) => void>();
  let origin = '';
  const parts = {
    router: new Router(),
    store,
    faults,
    limiter: enforceLimits ? new RateLimiter(limits) : null,
    stats,
    tokens: new TokenIssuer(tenantId, clientId, clientSecret, options.expiredClientSecrets ?? []),
    operations: new AsyncOperations(store, clock, options.operationPolls ?? 2, options.notFoundAfterCreateMs ?? 0, options.operationCompletesAfterMs ?? 10_000),
    holds,
    clock,
    origin: () => origin,
  };

  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (incoming, outgoing) => {
    serveRequest(parts, incoming, outgoing).catch((error: unknown) => {
      // Only a broken socket gets here (handlers' errors become 500 envelopes); nothing is left to answer.
      outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `https://${LOOPBACK}:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: origin,
    authorityHost: origin,
    host: LOOPBACK,
    caCertificatePem: certificate.certPem,
    tenantId,
    clientId,
    clientSecret,
    state: store.state,
    faults,
    stats: (): SandboxStats => {
      const views = stats.views();
      const names = new Map<string, number>();
      for (const team of store.teams.values()) names.set(team.displayName, (names.get(team.displayName) ?? 0) + 1);
      return {
        windowMs: limits.windowMs,
        enforceLimits,
        limits,
        ...views,
        throttled: { total: stats.throttledByLimits + stats.throttledByFaults, byLimits: stats.throttledByLimits, byFaults: stats.throttledByFaults },
        faultsInjected: stats.faultsInjected,
        unmatched: stats.unmatched,
        teamsCreated: store.teams.size,
        duplicateTeamNames: [...names].filter(([, count]) => count > 1).map(([displayName, count]) => ({ displayName, count })),
        membersAdded: store.membershipCounts.added,
        membersAlreadyPresent: store.membershipCounts.alreadyPresent,
        personalInstalls: store.personalInstallsByGraph,
        mailsSent: store.sentMails.length,
        eventsCreated: store.calendarEvents.created,
      };
    },
    addUser: (user) => store.addUser(user),
    personalApps: personalAppsOf(store, clock),
    recordings: recordingsOf(store),
    nextRequest: (matches = () => true) =>
      new Promise<RequestLogEntry>((resolve, reject) => {
        const abandon = (reason: Error): void => {
          stopListening();
          waits.delete(abandon);
          reject(reason);
        };
        const stopListening = store.onLogged((entry) => {
          if (!matches(entry)) return;
          stopListening();
          waits.delete(abandon);
          resolve(entry);
        });
        waits.add(abandon);
      }),
    stop: async () => {
      for (const abandon of [...waits]) abandon(new Error('the Graph sandbox stopped before the awaited request'));
      holds.releaseAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
