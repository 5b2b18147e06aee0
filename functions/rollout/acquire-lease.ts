import { AUDIT_KINDS } from '../core/audit.js';
import { TargetBusyError } from '../core/errors.js';
import { decideLease } from '../core/lease.js';
import type { PreparedState } from '../core/rollout-state.js';
import { auditRecord, leaseRenewal, type TaskDeps } from './task-deps.js';

/** Takes the target's lease for this operation, with a new fencing epoch; refuses if another operation holds it. */
export async function acquireLease(state: PreparedState, deps: TaskDeps): Promise<{ epoch: number }> {
  const nowMs = deps.clock.nowMs();
  const current = await deps.table.getLease(state.targetName);
  const decision = decideLease(current, state.operationId, nowMs);
  const base = { operationId: state.operationId, targetName: state.targetName, actor: 'braid:acquire-lease' };
  try {
    if (!decision.grant) throw new TargetBusyError(state.targetName, decision.holder);
    const expiresAtMs = leaseRenewal(state.op, 0, nowMs);
    await deps.table.acquireLease({
      targetName: state.targetName,
      operationId: state.operationId,
      epoch: decision.epoch,
      expected: current,
      acquiredAtMs: nowMs,
      expiresAtMs,
      audit: auditRecord(deps, { ...base, kind: AUDIT_KINDS.leaseAcquired, epoch: decision.epoch, detail: { expiresAtMs, previousHolder: current?.holder } }),
    });
    return { epoch: decision.epoch };
  } catch (error) {
    // Refused up front or beaten to the conditional write by a concurrent acquirer: audited alike.
    if (error instanceof TargetBusyError) {
      await deps.table.appendAudit(auditRecord(deps, { ...base, kind: AUDIT_KINDS.leaseRefused, detail: { holder: error.holder } }));
    }
    throw error;
  }
}
