import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { AUDIT_KINDS } from '../core/audit.js';
import { decideOutcome, type RolloutOutcome } from '../core/operation-lifecycle.js';
import type { RolloutState } from '../core/rollout-state.js';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What finishing a rollout needs. */
export type FinishOperationDeps = Pick<TaskDeps, 'operations' | 'knownGood' | 'clock' | 'newId'>;

/** How a rollout ended, and whether its lease was released. */
export type FinishedRollout = RolloutOutcome & { released: boolean };

/**
 * Ends the operation with the outcome its state shows, and releases the lease only if this
 * operation still holds it (a refused operation never touches another's lease).
 */
export async function finishOperation(state: RolloutState, deps: FinishOperationDeps): Promise<FinishedRollout> {
  const outcome = decideOutcome(state);
  // Recorded before the operation ends, so a repair that follows at once already rolls back to the right version.
  if (outcome.status === 'promoted') await recordKnownGood(state, deps);
  const epoch = state.lease?.epoch;
  const scope = auditScope(state, 'braid:finish-operation');
  const { released } = await deps.operations.finish({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch,
    status: outcome.status,
    outcomeReason: outcome.reason,
    atMs: deps.clock.nowMs(),
    audit: auditRecord(deps, { ...scope, kind: AUDIT_KINDS.operationFinished, detail: { ...outcome, finalAlias: state.alias } }),
    releaseAudit: epoch === undefined ? undefined : auditRecord(deps, { ...scope, kind: AUDIT_KINDS.leaseReleased, detail: {} }),
  });
  return { ...outcome, released };
}

/** A promotion makes the version it replaced the target's last known good: what a later repair rolls back to. */
async function recordKnownGood(state: RolloutState, deps: FinishOperationDeps): Promise<void> {
  const record = await deps.operations.get(state.operationId);
  const previous = record?.kind === 'rollout' ? record.snapshot?.functionVersion : undefined;
  if (!previous || previous === state.newVersion) return;
  const knownGood = { current: state.newVersion, lastKnownGood: previous, atMs: deps.clock.nowMs(), operationId: state.operationId };
  await deps.knownGood.record(
    state.targetName,
    knownGood,
    // Not the lease's record: the known-good version outlives the operation (no epoch).
    auditRecord(deps, {
      kind: AUDIT_KINDS.knownGoodRecorded,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:finish-operation',
      detail: knownGood,
    }),
  );
}

/** The FinishOperation task: it also counts finished rollouts by status. */
export const finishOperationTask: TaskCode<RolloutState, FinishedRollout, FinishOperationDeps> = {
  name: 'finish-operation',
  run: finishOperation,
  recordMetrics: (result, metrics: Metrics) => {
    metrics.addDimension('status', result.status);
    metrics.addMetric('RolloutsFinished', MetricUnit.Count, 1);
  },
};
