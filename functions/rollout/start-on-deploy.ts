import type { AliasReader } from '../adapters/alias-reader.js';
import type { BraidTable } from '../adapters/braid-table.js';
import type { RolloutStarter } from '../adapters/rollout-starter.js';
import { BraidError, UnknownTargetError } from '../core/errors.js';
import { parseStartRequest } from './start-request.js';

/** What starting a rollout from a deployment needs. */
export interface DeployRolloutDeps {
  readonly table: BraidTable;
  readonly aliases: AliasReader;
  readonly starter: RolloutStarter;
  readonly newId: () => string;
}

/** The deployed version's rollout did not promote it: the deployment fails. */
export class RolloutNotPromotedError extends BraidError {
  readonly code = 'Braid.RolloutNotPromoted';
  readonly fault = 'user';
}

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
  const target = await deps.table.getTarget(input.targetName);
  if (!target) throw new UnknownTargetError(input.targetName);
  const alias = await deps.aliases.readAlias(target.functionName, target.aliasName);
  if (alias.functionVersion === input.version && Object.keys(alias.additionalVersionWeights).length === 0) {
    return { operationId: null, reason: `alias ${target.aliasName} is already on version ${input.version}` };
  }
  const existing = (await deps.table.listOperations(input.targetName)).find((operation) => operation.newVersion === input.version);
  if (existing)
    return { operationId: existing.operationId, reason: `version ${input.version} already has operation ${existing.operationId} (${existing.status})` };
  const request = parseStartRequest({
    operationId: deps.newId(),
    targetName: input.targetName,
    newVersion: input.version,
    requestedBy: 'cloudformation',
    reason: `version ${input.version} deployed`,
  });
  await deps.starter.start(request);
  return { operationId: request.operationId, reason: `rollout of version ${input.version} started` };
}

/** Whether the deployment may finish: the rollout promoted the version (true), is still going (false), or failed (throws). */
export async function deployOutcome(operationId: string | null, table: BraidTable): Promise<boolean> {
  if (!operationId) return true;
  const operation = await table.getOperation(operationId);
  if (!operation || !['promoted', 'rolled_back', 'needs_human', 'refused', 'failed'].includes(operation.status)) return false;
  if (operation.status === 'promoted') return true;
  throw new RolloutNotPromotedError(
    `The rollout ${operationId} of version ${operation.newVersion} on ${operation.targetName} ended ${operation.status}: ${operation.outcomeReason ?? 'no reason recorded'}. See \`braid rollout history ${operationId}\`.`,
  );
}
