import type { Logger } from 'pino';
import type { ProvisioningObserver, ProvisioningRun, ProvisioningRuns, Transactions } from '../domain/provisioning-ports';
import { type ProvisioningData, type ProvisioningDeps, type ProvisioningStep, advanceProvisioning } from '../domain/team-provisioning';
import type { JobHandler, JobRunner, RunningJob } from './job-runner';
import {
  PROVISION_TEAM,
  PROVISION_TEAM_FAILED,
  type ProvisionTeamPayload,
  deadProvisioningPayload,
  provisionTeamPayload,
  provisioningJobKey,
} from './queues';

export interface ProvisioningJobDeps {
  readonly provisioning: ProvisioningDeps;
  readonly runs: ProvisioningRuns;
  readonly transactions: Transactions;
  readonly runner: JobRunner;
  readonly observer: ProvisioningObserver;
  readonly logger: Logger;
}

/** Another attempt of the same job took the provisioning over: this one must stop without writing. */
class TakenOver extends Error {}

/**
 * Runs the provisioning state machine from the step saved in team_provisionings, saving each step as
 * it completes. A wait (an operation still running, a team not visible yet, Graph asking to come back
 * later) hands over to the next job, due then: the state, the next job and the end of this one commit
 * together, so a crash leaves either this job to retry or the next one to run, never both nor neither.
 */
export function provisionTeamHandler(deps: ProvisioningJobDeps): JobHandler<ProvisionTeamPayload> {
  return {
    queue: PROVISION_TEAM,
    payload: provisionTeamPayload,
    async run(job) {
      const { communityId } = job.data;
      const current = await deps.runs.claim(communityId, job.data.run, job.attempt);
      if (!current || current.step === 'done') {
        deps.logger.info({ communityId, run: job.data.run }, 'provisioning job no longer current: nothing to do');
        return;
      }
      deps.logger.info({ communityId, step: current.step, run: current.run, retryCount: job.retryCount }, 'provisioning job started');
      try {
        await advance(deps, job, current.step, current.data);
      } catch (error) {
        if (!(error instanceof TakenOver)) throw error;
        deps.logger.warn({ communityId, attempt: job.attempt }, 'another attempt took the provisioning over; this one stops');
      }
    },
  };
}

async function advance(deps: ProvisioningJobDeps, job: RunningJob<ProvisionTeamPayload>, from: ProvisioningStep, initial: ProvisioningData): Promise<void> {
  const { communityId } = job.data;
  let step = from;
  let data = initial;
  for (;;) {
    const result = await advanceProvisioning(step, data, deps.provisioning);
    switch (result.kind) {
      case 'next':
        // The step and the card update it causes (an outbox row) commit together.
        await deps.transactions.run(async (tx) => {
          if (!(await deps.runs.saveStep(communityId, job.attempt, result.step, result.data, tx))) throw new TakenOver();
          await deps.observer.stepRecorded?.(tx, result.data, result.step);
        });
        // Once committed: operators (and the crash tests) follow the steps in the log.
        deps.logger.info({ communityId, step: result.step, teamId: result.data.teamId }, 'provisioning step recorded');
        step = result.step;
        data = result.data;
        break;
      case 'wait':
        await deps.transactions.run(async (tx) => {
          const run = await deps.runs.handOver(tx, communityId, job.attempt, result.data, result.reason);
          if (run === undefined) throw new TakenOver();
          await deps.runner.send(PROVISION_TEAM, { communityId, run }, { key: provisioningJobKey(communityId, run), delayMs: result.delayMs, singletonKey: communityId, tx });
          await job.complete(tx);
        });
        return;
      case 'done':
        // The end, the card's last update and every new member's notice (outbox rows) commit together:
        // a crash leaves the job to run again and write them, or all of them written, never half.
        await deps.transactions.run(async (tx) => {
          if (!(await deps.runs.finish(communityId, job.attempt, { status: 'succeeded', data: result.data }, tx))) throw new TakenOver();
          await deps.observer.finished?.(tx, result.data, step, undefined);
        });
        deps.logger.info({ communityId, step, teamId: result.data.teamId }, 'provisioning finished');
        return;
      case 'failed':
        // A refusal (a missing permission, the app not in the catalog…) is an outcome, not a crash: the
        // job ends, the provisioning is failed at its step, and the organiser's card says why and what to do.
        await deps.transactions.run(async (tx) => {
          if (!(await deps.runs.finish(communityId, job.attempt, { status: 'failed', data: result.data, failure: result.reason }, tx))) throw new TakenOver();
          await deps.observer.finished?.(tx, result.data, step, result.reason);
        });
        deps.logger.info({ communityId, step, teamId: result.data.teamId, failure: result.reason }, 'provisioning failed');
        return;
    }
  }
}

/**
 * The provisioning dead-letter queue: a job that threw on every retry lands here. Its provisioning is
 * failed at its step, so the organiser sees it and can relaunch it (which resumes at that step).
 */
export function deadProvisioningHandler(deps: Pick<ProvisioningJobDeps, 'runs' | 'observer' | 'logger' | 'transactions'>): JobHandler<ProvisionTeamPayload> {
  return {
    queue: PROVISION_TEAM_FAILED,
    payload: deadProvisioningPayload,
    concurrency: 1,
    async run(job) {
      // The errors themselves are in the log and in the dead job's output (pgboss.job.output).
      const failure = { code: 'unexpected_error', message: 'the job failed on every retry' } as const;
      const failed = await deps.transactions.run(async (tx) => {
        const run = await deps.runs.failRun(job.data.communityId, job.data.run, failure, tx);
        if (run && run.step !== 'done') await deps.observer.finished?.(tx, run.data, run.step, failure);
        return run;
      });
      deps.logger.error({ communityId: job.data.communityId, run: job.data.run, recorded: Boolean(failed) }, 'provisioning job dead-lettered');
    },
  };
}

/**
 * Sends again the current job of every provisioning underway. Each id is deterministic, so a job that
 * exists is not duplicated; one that does not (lost before this version of the app, or after its
 * retention) is made again.
 */
export async function resendUnderway(deps: Pick<ProvisioningJobDeps, 'runs' | 'runner'>): Promise<number> {
  let sent = 0;
  const underway: ProvisioningRun[] = await deps.runs.underway();
  for (const { communityId, run } of underway) {
    if (await deps.runner.send(PROVISION_TEAM, { communityId, run }, { key: provisioningJobKey(communityId, run), singletonKey: communityId })) sent += 1;
  }
  return sent;
}
