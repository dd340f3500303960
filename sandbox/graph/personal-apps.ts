import type { CatalogApp, SandboxPersonalInstallationView, SandboxUser } from './contracts';

export interface PersonalInstallationRecord {
  readonly id: string;
  readonly app: CatalogApp;
  readonly userId: string;
  readonly chatId: string;
  readonly installedAt: string;
  readonly installedBy: 'graph' | 'user';
}

/**
 * Apps installed for people in personal scope (reference/teams-graph-facts.md §4.3), one per person and
 * catalog app, each with the 1:1 chat it opens between the person and the bot. Listeners hear of every
 * installation as it is made: what Teams does by sending the bot a conversationUpdate.
 */
export class PersonalAppInstallations {
  /** Keyed by `{lower-cased user id} {catalog app id}`, in the order they were made. */
  private readonly records = new Map<string, PersonalInstallationRecord>();
  private readonly listeners = new Set<(installation: SandboxPersonalInstallationView) => void>();

  constructor(
    private readonly tenantId: string,
    private readonly botAppId: string,
  ) {}

  find(userId: string, appId: string): PersonalInstallationRecord | undefined {
    return this.records.get(key(userId, appId));
  }

  of(userId: string): PersonalInstallationRecord[] {
    return [...this.records.values()].filter((record) => record.userId.toLowerCase() === userId.toLowerCase());
  }

  /** Records the installation, then tells the listeners (synchronously: a listener's error reaches whoever installed). */
  install(user: SandboxUser, app: CatalogApp, at: Date, installedBy: 'graph' | 'user'): PersonalInstallationRecord {
    const record: PersonalInstallationRecord = {
      // A teamsAppInstallation id is opaque base64 in Graph, distinct from the catalog id (learn teamsappinstallation).
      id: Buffer.from(`${user.id}##${app.id}##personal`).toString('base64'),
      app,
      userId: user.id,
      // The id Graph gives a person's 1:1 chat with a bot: both parties' ids in a `unq.gbl.spaces` thread.
      chatId: `19:${user.id}_${this.botAppId}@unq.gbl.spaces`,
      installedAt: at.toISOString(),
      installedBy,
    };
    this.records.set(key(user.id, app.id), record);
    const view = this.view(record);
    for (const listener of [...this.listeners]) listener(view);
    return record;
  }

  uninstall(userId: string, appId: string): boolean {
    return this.records.delete(key(userId, appId));
  }

  onInstalled(listener: (installation: SandboxPersonalInstallationView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  views(): SandboxPersonalInstallationView[] {
    return [...this.records.values()].map((record) => this.view(record));
  }

  view(record: PersonalInstallationRecord): SandboxPersonalInstallationView {
    return {
      id: record.id,
      userId: record.userId,
      teamsAppId: record.app.id,
      externalId: record.app.externalId,
      displayName: record.app.displayName,
      chatId: record.chatId,
      tenantId: this.tenantId,
      installedAt: record.installedAt,
      installedBy: record.installedBy,
    };
  }
}

function key(userId: string, appId: string): string {
  return `${userId.toLowerCase()} ${appId}`;
}
