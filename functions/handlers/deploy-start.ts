import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { startOnDeploy } from '../rollout/start-on-deploy.js';
import { starterFromEnvironment } from './private/default-deps.js';
import { taskHandler } from './private/task-handler.js';

/**
 * `onEvent` of the RolloutOnDeploy custom resource: a deployment that publishes a new version
 * starts its rollout (once per version); deleting the resource changes nothing.
 */
export const handler = taskHandler('deploy-start', async (event: CloudFormationCustomResourceEvent, deps) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const { TargetName, Version } = event.ResourceProperties as unknown as { TargetName: string; Version: string };
  const result = await startOnDeploy({ targetName: TargetName, version: Version }, { ...deps, starter: starterFromEnvironment() });
  return { PhysicalResourceId: `${TargetName}@${Version}`, Data: { OperationId: result.operationId ?? '', Reason: result.reason } };
});
