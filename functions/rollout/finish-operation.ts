import { AUDIT_KINDS } from '../core/audit.js';
import { decideOutcome, type RolloutOutcome } from '../core/operation-lifecycle.js';
import type { RolloutState } from '../core/rollout-state.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/**
 * Ends the operation with the outcome its state shows, and releases the lease only if this
 * operation still holds it (a refused operation never touches another's lease).
 */
export async function finishOperation(state: RolloutState, deps: TaskDeps): Promise<RolloutOutcome & { released: boolean }> {
  const outcome = decideOutcome(state);
  // Recorded before the operation ends, so a repair that follows at once already rolls back to the right version.
  if (outcome.status === 'promoted') await recordKnownGood(state, deps);
  const epoch = state.lease?.epoch;
  const base = { operationId: state.operationId, targetName: state.targetName, actor: 'braid:finish-operation', epoch };
  const { released } = await deps.table.finishOperation({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch,
    status: outcome.status,
    outcomeReason: outcome.reason,
    atMs: deps.clock.nowMs(),
    audit: auditRecord(deps, { ...base, kind: AUDIT_KINDS.operationFinished, detail: { ...outcome, finalAlias: state.alias } }),
    releaseAudit: epoch === undefined ? undefined : auditRecord(deps, { ...base, kind: AUDIT_KINDS.leaseReleased, detail: {} }),
  });
  return { ...outcome, released };
}

/** A promotion makes the version it replaced the target's last known good: what a later repair rolls back to. */
async function recordKnownGood(state: RolloutState, deps: TaskDeps): Promise<void> {
  const previous = (await deps.table.getOperation(state.operationId))?.snapshot?.functionVersion;
  if (!previous || previous === state.newVersion) return;
  const knownGood = { current: state.newVersion, lastKnownGood: previous, atMs: deps.clock.nowMs(), operationId: state.operationId };
  await deps.table.recordKnownGood(
    state.targetName,
    knownGood,
    auditRecord(deps, {
      kind: AUDIT_KINDS.knownGoodRecorded,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:finish-operation',
      detail: knownGood,
    }),
  );
}
