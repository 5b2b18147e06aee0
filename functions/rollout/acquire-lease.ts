import { AUDIT_KINDS } from '../core/audit.js';
import { TargetBusyError } from '../core/errors.js';
import { decideLease } from '../core/lease.js';
import { inPhase, ROLLOUT_PHASES, type PreparedState, type RolloutState } from '../core/rollout-state.js';
import { appendAudit, auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { leaseRenewal } from './lease-renewal.js';

/** What AcquireLease needs. */
export type AcquireLeaseDeps = Pick<TaskDeps, 'leases' | 'audit' | 'clock' | 'newId'>;

/** Takes the target's lease for this operation, with a new fencing epoch; refuses if another operation holds it. */
export async function acquireLease(state: PreparedState, deps: AcquireLeaseDeps): Promise<{ epoch: number }> {
  const nowMs = deps.clock.nowMs();
  const current = await deps.leases.get(state.targetName);
  const decision = decideLease(current, state.operationId, nowMs);
  const scope = auditScope(state, 'braid:acquire-lease');
  try {
    if (!decision.grant) throw new TargetBusyError(state.targetName, decision.holder);
    const expiresAtMs = leaseRenewal(state.op, 0, nowMs);
    await deps.leases.acquire({
      targetName: state.targetName,
      operationId: state.operationId,
      epoch: decision.epoch,
      expected: current,
      acquiredAtMs: nowMs,
      expiresAtMs,
      audit: auditRecord(deps, {
        ...scope,
        kind: AUDIT_KINDS.leaseAcquired,
        epoch: decision.epoch,
        detail: { expiresAtMs, previousHolder: current?.holder },
      }),
    });
    return { epoch: decision.epoch };
  } catch (error) {
    // Refused up front or beaten to the conditional write by a concurrent acquirer: audited alike.
    if (error instanceof TargetBusyError) await appendAudit(deps, scope, AUDIT_KINDS.leaseRefused, { holder: error.holder });
    throw error;
  }
}

/** The AcquireLease task. */
export const acquireLeaseTask: TaskCode<RolloutState, { epoch: number }, AcquireLeaseDeps> = {
  name: 'acquire-lease',
  run: (state, deps) => acquireLease(inPhase(state, ROLLOUT_PHASES.prepared), deps),
};
