import type { Locale } from './model';
import type { PersonToAdd, ProvisioningData, ProvisioningFailure, ProvisioningStep } from './team-provisioning';

/** What provisioning needs from the outside world beyond Graph. storage/, jobs/ and bot/ implement these. */

export type TeamJobOutcome = 'queued' | 'already_queued' | 'restarted';

/**
 * The background jobs that create and archive a community's Teams team. Asking twice is harmless:
 * there is one provisioning per community and one archiving per team; asking again for a provisioning
 * that failed starts it again from the step where it stopped.
 */
export interface TeamJobs {
  requestProvisioning(data: ProvisioningData): Promise<TeamJobRequest>;
  requestArchiving(communityId: string, teamId: string): Promise<TeamJobRequest>;
  /** True while the community's team is being made (its provisioning is queued or running). */
  isProvisioningUnderway(communityId: string): Promise<boolean>;
  /** True while the job archiving the community's team is queued, running or waiting to be retried. */
  isArchivingUnderway(communityId: string): Promise<boolean>;
}

export interface TeamJobRequest {
  readonly outcome: TeamJobOutcome;
  /** A stable reference per community and purpose, to follow its progress (the progress card is keyed by it). */
  readonly reference: string;
  /** The last recorded step (`start` for a new one): where a progress card starts. */
  readonly step: string;
}

/**
 * A database transaction in progress, handed from one adapter to another so that their writes commit
 * or roll back together (a provisioning's state and the job that carries it forward). Its shape is the
 * one pg-boss accepts as its `db` option.
 */
export interface Transaction {
  /** `name`: a statement on a hot path, prepared once per connection (storage/ gives its names). */
  executeSql(text: string, values?: unknown[], name?: string): Promise<{ rows: unknown[] }>;
  /**
   * `step` once in this transaction, its result kept for the next calls with the same `key`: works that
   * share a transaction (Transactions.runTogether) take a lock, or write a gathered update, once for all.
   */
  once<T>(key: string, step: () => Promise<T>): Promise<T>;
}

export interface Transactions {
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * `work` in a transaction it may share with other works of the same `key` (group commit: a rush of
   * answers to one meeting takes its lock and commits once for many). The works of a shared
   * transaction run one after another, in call order, so each sees what the ones before it wrote.
   * If the shared transaction fails, each of its works runs again alone: one bad work fails only its
   * own caller. So a work must do nothing outside the transaction.
   */
  runTogether<T>(key: string, work: (tx: Transaction) => Promise<T>): Promise<T>;
}

export type ProvisioningStatus = 'underway' | 'succeeded' | 'failed';

/**
 * Where a community's provisioning stands: domain state, one row per community, that jobs move forward.
 * `run` counts the jobs of the provisioning (each wait or restart hands over to the next one), so that
 * each job has a deterministic id and a stale job can tell it is stale. `holder` is the job attempt
 * that runs it now: a later attempt takes over, and the earlier one's writes are refused.
 */
export interface ProvisioningRun {
  readonly communityId: string;
  readonly status: ProvisioningStatus;
  readonly step: ProvisioningStep | 'done';
  readonly data: ProvisioningData;
  readonly run: number;
  readonly holder: string | null;
  readonly lastError: string | null;
  readonly failure: ProvisioningFailure | null;
}

export type ProvisioningEnd =
  | { readonly status: 'succeeded'; readonly data: ProvisioningData }
  | { readonly status: 'failed'; readonly data: ProvisioningData; readonly failure: ProvisioningFailure };

export interface ProvisioningRuns {
  find(communityId: string): Promise<ProvisioningRun | undefined>;
  /** Every provisioning still underway (at start, each gets its current job again if it was lost). */
  underway(): Promise<ProvisioningRun[]>;
  /** The row, locked until the transaction ends. */
  lock(tx: Transaction, communityId: string): Promise<ProvisioningRun | undefined>;
  /** Undefined when another transaction created it meanwhile. */
  create(tx: Transaction, data: ProvisioningData): Promise<ProvisioningRun | undefined>;
  /** A failed provisioning underway again, at its saved step, as the next run. */
  restart(tx: Transaction, communityId: string): Promise<ProvisioningRun>;
  /** The attempt `holder` takes run `run` over; undefined when that run is not the current one (a stale job). */
  claim(communityId: string, run: number, holder: string): Promise<ProvisioningRun | undefined>;
  /** False when another attempt took over meanwhile. In `tx` when given (with what the step causes, e.g. its card update). */
  saveStep(communityId: string, holder: string, step: ProvisioningStep, data: ProvisioningData, tx?: Transaction): Promise<boolean>;
  /** Hands over to the next run (a job due later); its number, or undefined when another attempt took over. */
  handOver(tx: Transaction, communityId: string, holder: string, data: ProvisioningData, reason: string): Promise<number | undefined>;
  finish(communityId: string, holder: string, end: ProvisioningEnd, tx?: Transaction): Promise<boolean>;
  /** A run whose job ran out of retries: failed at its step, if it was still underway. */
  failRun(communityId: string, run: number, failure: ProvisioningFailure, tx?: Transaction): Promise<ProvisioningRun | undefined>;
}

/** Who the team should hold, and where the team is recorded. */
export interface TeamProvisioningStore {
  /** In `tx` when given (the embedded database has one connection: a transaction's reads go through it). */
  peopleToAdd(communityId: string, tx?: Transaction): Promise<PersonToAdd[]>;
  /** People outside the tenant the organisers invited (`inviter`), by e-mail, in `tx`. */
  externalPeople(communityId: string, tx: Transaction): Promise<{ readonly email: string; readonly name: string }[]>;
  recordTeam(communityId: string, teamId: string): Promise<'active' | 'archived' | undefined>;
}

/**
 * What people are told of a provisioning. Each call happens inside the transaction that records the
 * step or the end, so that the messages it causes (outbox rows) are written with it or not at all.
 */
export interface ProvisioningObserver {
  /** After every recorded step: the organiser's progress card is updated. */
  stepRecorded?(tx: Transaction, data: ProvisioningData, step: ProvisioningStep): Promise<void>;
  /** At the end: the card shows the outcome, and on success each new member gets a personal notice. */
  finished?(tx: Transaction, data: ProvisioningData, step: ProvisioningStep | 'done', failure: ProvisioningFailure | undefined): Promise<void>;
}

/** Where a progress card was sent: enough to update it in place later. */
export interface ProgressMessage {
  readonly jobReference: string;
  /** The id of the message holding the card. */
  readonly activityId: string;
  /** The SDK-neutral conversation reference of that message. */
  readonly conversation: Record<string, unknown>;
  readonly locale: Locale;
}

export interface ProgressMessages {
  remember(message: ProgressMessage, at: Date): Promise<void>;
  find(jobReference: string): Promise<ProgressMessage | undefined>;
}
