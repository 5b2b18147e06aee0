import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { BraidError } from '../core/errors.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What waiting for a deployed version's rollout needs. */
export type DeployOutcomeDeps = Pick<TaskDeps, 'operations'>;

/** The deployed version's rollout did not promote it: the deployment fails. */
export class RolloutNotPromotedError extends BraidError {
  readonly code = 'Braid.RolloutNotPromoted';
  readonly fault = 'user';
}

/** Whether the deployment may finish: the rollout promoted the version (true), is still going (false), or failed (throws). */
export async function deployOutcome(operationId: string | null, deps: DeployOutcomeDeps): Promise<boolean> {
  if (!operationId) return true;
  const operation = await deps.operations.get(operationId);
  if (operation?.kind !== 'rollout' || !['promoted', 'rolled_back', 'needs_human', 'refused', 'failed'].includes(operation.status)) return false;
  if (operation.status === 'promoted') return true;
  throw new RolloutNotPromotedError(
    `The rollout ${operationId} of version ${operation.newVersion} on ${operation.targetName} ended ${operation.status}: ${operation.outcomeReason ?? 'no reason recorded'}. See \`braid rollout history ${operationId}\`.`,
  );
}

/**
 * `isComplete` of the RolloutOnDeploy custom resource, when the stack waits for the outcome:
 * done once the rollout promoted the version; a rollout that ended otherwise fails the deployment.
 */
export const deployWaitTask: TaskCode<CloudFormationCustomResourceEvent & { Data?: { OperationId?: string } }, { IsComplete: boolean }, DeployOutcomeDeps> = {
  name: 'deploy-wait',
  run: async (event, deps) => {
    if (event.RequestType === 'Delete') return { IsComplete: true };
    return { IsComplete: await deployOutcome(event.Data?.OperationId || null, deps) };
  },
};
