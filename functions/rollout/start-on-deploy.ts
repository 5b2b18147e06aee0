import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { UnknownTargetError } from '../core/errors.js';
import { parseStartRequest } from '../core/start-request.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What starting a rollout from a deployment needs. */
export type DeployRolloutDeps = Pick<TaskDeps, 'registry' | 'operations' | 'aliases' | 'rolloutStarter' | 'newId'>;

/**
 * A deployment published `version` of a managed function: start its rollout, once. Nothing
 * starts when the alias is already wholly on that version (the first deploy, or a re-run), and a
 * version that already has an operation gets that one back, so CloudFormation retries and
 * re-deploys never start a second rollout of the same version.
 */
export async function startOnDeploy(
  input: { targetName: string; version: string },
  deps: DeployRolloutDeps,
): Promise<{ operationId: string | null; reason: string }> {
  const target = await deps.registry.get(input.targetName);
  if (!target) throw new UnknownTargetError(input.targetName);
  const alias = await deps.aliases.readAlias(target.functionName, target.aliasName);
  if (alias.functionVersion === input.version && Object.keys(alias.additionalVersionWeights).length === 0) {
    return { operationId: null, reason: `alias ${target.aliasName} is already on version ${input.version}` };
  }
  const existing = (await deps.operations.listForTarget(input.targetName)).find(
    (operation) => operation.kind === 'rollout' && operation.newVersion === input.version,
  );
  if (existing)
    return { operationId: existing.operationId, reason: `version ${input.version} already has operation ${existing.operationId} (${existing.status})` };
  const request = parseStartRequest({
    operationId: deps.newId(),
    targetName: input.targetName,
    newVersion: input.version,
    requestedBy: 'cloudformation',
    reason: `version ${input.version} deployed`,
  });
  await deps.rolloutStarter.start(request);
  return { operationId: request.operationId, reason: `rollout of version ${input.version} started` };
}

/** The RolloutOnDeploy custom resource's answer to CloudFormation. */
interface CustomResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/**
 * `onEvent` of the RolloutOnDeploy custom resource: a deployment that publishes a new version
 * starts its rollout (once per version); deleting the resource changes nothing.
 */
export const deployStartTask: TaskCode<CloudFormationCustomResourceEvent, CustomResourceResponse, DeployRolloutDeps> = {
  name: 'deploy-start',
  run: async (event, deps) => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
    const { TargetName, Version } = event.ResourceProperties as unknown as { TargetName: string; Version: string };
    const result = await startOnDeploy({ targetName: TargetName, version: Version }, deps);
    return { PhysicalResourceId: `${TargetName}@${Version}`, Data: { OperationId: result.operationId ?? '', Reason: result.reason } };
  },
};
