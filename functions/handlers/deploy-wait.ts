import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { deployOutcome } from '../rollout/start-on-deploy.js';
import { taskHandler } from './private/task-handler.js';

/**
 * `isComplete` of the RolloutOnDeploy custom resource, when the stack waits for the outcome:
 * done once the rollout promoted the version; a rollout that ended otherwise fails the deployment.
 */
export const handler = taskHandler('deploy-wait', async (event: CloudFormationCustomResourceEvent & { Data?: { OperationId?: string } }, deps) => {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  return { IsComplete: await deployOutcome(event.Data?.OperationId || null, deps.table) };
});
