import { randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock';
import type { OperationType } from './contracts';
import type { OperationRecord, SandboxStore } from './store';

/**
 * Teams' long-running operations (teamsAsyncOperation, reference/teams-graph-facts.md §1.2): created
 * notStarted, they advance one step per poll and succeed (or fail, when a fault asked for it) after
 * `requiredPolls` polls. Their effect on the team lands when they succeed.
 * Like Graph's, they also end unpolled, `completesAfterMs` after they started (on the sandbox's clock):
 * a client that lost the 202 of its POST /teams never learns the operation, adopts the team instead, and
 * must still find it.
 */
export class AsyncOperations {
  /** Operations not yet succeeded or failed. */
  private readonly pending = new Set<OperationRecord>();

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: SandboxClock,
    private readonly requiredPolls: number,
    private readonly notFoundAfterCreateMs: number,
    private readonly completesAfterMs: number,
  ) {}

  start(operationType: OperationType, teamId: string, failure: { code: string; message: string } | null): OperationRecord {
    const now = this.clock.now().toISOString();
    const operation: OperationRecord = {
      id: randomUUID(),
      operationType,
      teamId,
      createdDateTime: now,
      lastActionDateTime: now,
      polls: 0,
      requiredPolls: this.requiredPolls,
      status: 'notStarted',
      failure,
    };
    this.store.operations.set(operation.id, operation);
    this.pending.add(operation);
    return operation;
  }

  /** The relative, version-less Location Graph sends with a 202 (team-post.md). */
  location(operation: OperationRecord): string {
    return `/teams('${operation.teamId}')/operations('${operation.id}')`;
  }

  poll(operation: OperationRecord): void {
    if (operation.status === 'succeeded' || operation.status === 'failed') return;
    operation.polls += 1;
    operation.lastActionDateTime = this.clock.now().toISOString();
    if (operation.polls <= operation.requiredPolls) {
      operation.status = operation.polls === 1 && operation.requiredPolls >= 2 ? 'notStarted' : 'inProgress';
      return;
    }
    this.settle(operation);
  }

  /** Ends the operations nobody polled to completion in time; the sandbox calls it before serving a request. */
  settleOverdue(): void {
    const now = this.clock.now();
    for (const operation of this.pending) {
      if (now.getTime() - Date.parse(operation.createdDateTime) < this.completesAfterMs) continue;
      operation.lastActionDateTime = now.toISOString();
      this.settle(operation);
    }
  }

  representation(operation: OperationRecord): Record<string, unknown> {
    return {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${operation.teamId}')/operations/$entity`,
      id: operation.id,
      operationType: operation.operationType,
      createdDateTime: operation.createdDateTime,
      status: operation.status,
      lastActionDateTime: operation.lastActionDateTime,
      attemptsCount: 1,
      targetResourceId: operation.teamId,
      targetResourceLocation: `/groups('${operation.teamId}')/team`,
      error: operation.status === 'failed' ? operation.failure : null,
    };
  }

  private settle(operation: OperationRecord): void {
    operation.status = operation.failure ? 'failed' : 'succeeded';
    this.pending.delete(operation);
    const team = this.store.teams.get(operation.teamId);
    if (!team) return;
    const succeeded = operation.status === 'succeeded';
    switch (operation.operationType) {
      case 'createTeam':
        team.provisioning = succeeded ? 'succeeded' : 'failed';
        if (succeeded) {
          team.visibleFrom = this.clock.now().getTime() + this.notFoundAfterCreateMs;
          const group = this.store.groups.get(team.id);
          if (group) group.resourceProvisioningOptions = ['Team'];
        }
        break;
      case 'archiveTeam':
        if (succeeded) team.isArchived = true;
        break;
      case 'unarchiveTeam':
        if (succeeded) team.isArchived = false;
        break;
    }
  }
}
