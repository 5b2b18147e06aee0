import type { VersionFacts } from '../adapters/alias-reader.js';
import { isWhole } from '../core/alias-state.js';
import { AUDIT_KINDS } from '../core/audit.js';
import { AliasStateError, InvalidInputError } from '../core/errors.js';
import { describeRouting } from '../core/restore-planner.js';
import type { LeasedState } from '../core/rollout-state.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/**
 * Preflight and snapshot: the alias exists and sends all traffic to one published version,
 * the new version is published, differs from it and may share its traffic (same role and
 * dead-letter config, as Lambda requires); then the routing is recorded with the operation so
 * it can be restored. Changes nothing but Braid's own records.
 */
export async function snapshotAlias(state: LeasedState, deps: TaskDeps): Promise<{ functionVersion: string; revisionId: string }> {
  const { op, lease } = state;
  const alias = await notFoundAs(
    deps.aliases.readAlias(op.functionName, op.aliasName),
    () => new AliasStateError(`Alias ${op.functionName}:${op.aliasName} does not exist. Create it (it must point at a published version) and start again.`),
  );
  if (!isWhole(alias)) {
    throw new AliasStateError(
      `Alias ${op.functionName}:${op.aliasName} already splits traffic (${describeRouting(alias)}). Finish or undo that shift before starting a rollout.`,
    );
  }
  if (alias.functionVersion === '$LATEST') {
    throw new AliasStateError(
      `Alias ${op.functionName}:${op.aliasName} points at $LATEST; Lambda can only shift traffic between published versions. Point it at a published version first.`,
    );
  }
  if (alias.functionVersion === state.newVersion) {
    throw new InvalidInputError('rollout request', [
      { path: 'newVersion', message: `alias ${op.aliasName} is already on version ${state.newVersion}; nothing to roll out` },
    ]);
  }
  const notPublished = () =>
    new InvalidInputError('rollout request', [
      { path: 'newVersion', message: `version ${state.newVersion} of ${op.functionName} is not published; publish it first` },
    ]);
  const [stable, candidate] = await Promise.all([
    deps.aliases.readVersion(op.functionName, alias.functionVersion),
    notFoundAs(deps.aliases.readVersion(op.functionName, state.newVersion), notPublished),
  ]);
  assertCompatible(stable, candidate);
  await deps.table.writeFenced({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch: lease.epoch,
    audit: auditRecord(deps, {
      kind: AUDIT_KINDS.aliasSnapshot,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:snapshot-alias',
      epoch: lease.epoch,
      detail: { snapshot: alias },
    }),
    operationChanges: { snapshot: alias, stableVersion: alias.functionVersion, updatedAtMs: deps.clock.nowMs() },
  });
  return { functionVersion: alias.functionVersion, revisionId: alias.revisionId };
}

function assertCompatible(stable: VersionFacts, candidate: VersionFacts): void {
  if (stable.role !== candidate.role) {
    throw new AliasStateError(
      `Versions ${stable.version} and ${candidate.version} have different execution roles (${stable.role} vs ${candidate.role}); Lambda cannot split an alias between them.`,
    );
  }
  if (stable.deadLetterTargetArn !== candidate.deadLetterTargetArn) {
    throw new AliasStateError(
      `Versions ${stable.version} and ${candidate.version} have different dead-letter targets; Lambda cannot split an alias between them.`,
    );
  }
}

/** Maps Lambda's ResourceNotFoundException to a Braid error that says what to do. */
async function notFoundAs<T>(promise: Promise<T>, toError: () => Error): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') throw toError();
    throw error;
  }
}
