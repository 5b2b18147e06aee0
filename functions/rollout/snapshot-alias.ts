import type { VersionFacts } from '../adapters/alias-reader.js';
import { isWhole } from '../core/alias-state.js';
import { AUDIT_KINDS } from '../core/audit.js';
import { AliasStateError, InvalidInputError } from '../core/errors.js';
import { describeRouting } from '../core/restore-planner.js';
import { inPhase, ROLLOUT_PHASES, type LeasedState, type RolloutState } from '../core/rollout-state.js';
import { auditScope, writeFencedAudit } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What SnapshotAlias needs. */
export type SnapshotAliasDeps = Pick<TaskDeps, 'aliases' | 'audit' | 'clock' | 'newId'>;

/** The alias Braid starts from, as the state keeps it. */
export interface AliasStart {
  readonly functionVersion: string;
  readonly revisionId: string;
}

/**
 * Preflight and snapshot: the alias exists and sends all traffic to one published version,
 * the new version is published, differs from it and may share its traffic (same role and
 * dead-letter config, as Lambda requires); then the routing is recorded with the operation so
 * it can be restored. Changes nothing but Braid's own records.
 */
export async function snapshotAlias(state: LeasedState, deps: SnapshotAliasDeps): Promise<AliasStart> {
  const { op } = state;
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
  await writeFencedAudit(
    deps,
    auditScope(state, 'braid:snapshot-alias'),
    AUDIT_KINDS.aliasSnapshot,
    { snapshot: alias },
    { operationChanges: { snapshot: alias, stableVersion: alias.functionVersion, updatedAtMs: deps.clock.nowMs() } },
  );
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

/** The SnapshotAlias task. */
export const snapshotAliasTask: TaskCode<RolloutState, AliasStart, SnapshotAliasDeps> = {
  name: 'snapshot-alias',
  run: (state, deps) => snapshotAlias(inPhase(state, ROLLOUT_PHASES.leased), deps),
};
