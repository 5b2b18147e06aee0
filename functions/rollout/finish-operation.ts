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
