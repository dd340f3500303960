import {
  type ProvisioningData,
  type ProvisioningDeps,
  type ProvisioningFailure,
  type ProvisioningStep,
  advanceProvisioning,
} from '../domain/team-provisioning';
import type { JobHandler } from './job-worker';

export const PROVISION_TEAM = 'provision_team';

export const provisioningReference = (communityId: string): string => `${PROVISION_TEAM}:${communityId}`;

export interface ProvisioningObserver {
  /** Called after every recorded step, and at the end; used to update the organiser's progress card. */
  stepRecorded?(data: ProvisioningData, step: ProvisioningStep): Promise<void>;
  finished?(data: ProvisioningData, step: ProvisioningStep, failure: ProvisioningFailure | undefined): Promise<void>;
}

/** Runs the provisioning state machine from the job's recorded step, saving each step as it completes. */
export function provisionTeamHandler(deps: ProvisioningDeps, observer: ProvisioningObserver = {}): JobHandler {
  return {
    kind: PROVISION_TEAM,
    async run(context) {
      let step = context.job.step as ProvisioningStep;
      let data = context.job.data as unknown as ProvisioningData;
      for (;;) {
        const result = await advanceProvisioning(step, data, deps);
        switch (result.kind) {
          case 'next':
            await context.saveStep(result.step, result.data);
            step = result.step;
            data = result.data;
            await observer.stepRecorded?.(data, step);
            break;
          case 'wait':
            return { status: 'retry', error: result.reason, data: result.data, delayMs: result.delayMs };
          case 'done':
            await observer.finished?.(result.data, step, undefined);
            return { status: 'succeeded', data: result.data };
          case 'failed':
            await observer.finished?.(result.data, step, result.reason);
            return { status: 'failed', error: JSON.stringify(result.reason), data: { ...result.data, failure: result.reason } };
        }
      }
    },
  };
}
