import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { decideRemediationOutcome, type RemediationOutcome } from '../core/remediation-outcome.js';
import { remediationTimings, type RemediationTimings } from '../core/remediation-timings.js';
import { recordRepairOutcome } from '../core/remediation/breaker.js';
import { auditRecord } from '../rollout/task-deps.js';
import { loadIncident } from './load-incident.js';
import type { RemediationDeps } from './remediation-deps.js';

/** What closing reports (and the metrics read). */
export interface ClosedIncident extends RemediationOutcome {
  readonly action: string;
  readonly released: boolean;
  readonly breakerOpened: boolean;
  /** Seconds from the alarm's state change to detection, to the repair's call, and to convergence (when known). */
  readonly timings: RemediationTimings;
}

/**
 * Ends the remediation: its status from what the state recorded, the breaker moved by the
 * repair's result (K failures in a row open it), the lease released if this operation still
 * holds it.
 */
export async function closeIncident(state: RemediationState, deps: RemediationDeps): Promise<ClosedIncident> {
  const { operation, runbook, action } = await loadIncident(state, deps);
  const outcome = decideRemediationOutcome(state);
  const nowMs = deps.clock.nowMs();
  const base = { operationId: state.operationId, targetName: state.targetName, actor: 'braid:close-incident', epoch: state.lease?.epoch };
  let breakerOpened = false;
  if (outcome.repairResult !== 'none') {
    const control = await deps.remediation.readTargetControl(state.targetName);
    const next = recordRepairOutcome(control.breaker, outcome.repairResult, runbook.breaker, nowMs);
    breakerOpened = next.justOpened;
    const { justOpened: _justOpened, ...breaker } = next;
    await deps.remediation.setBreaker(
      state.targetName,
      breaker,
      auditRecord(deps, {
        ...base,
        kind: AUDIT_KINDS.breakerChanged,
        detail: { ...breaker, result: outcome.repairResult, opened: next.justOpened, failuresToOpen: runbook.breaker.failuresToOpen },
      }),
    );
  }
  // A task that failed after taking the lease returned no state: the lease record still says whether it is ours.
  const epoch = state.lease?.epoch ?? (await heldEpoch(state, deps));
  const { released } = await deps.table.finishOperation({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch,
    status: outcome.status,
    outcomeReason: outcome.reason,
    atMs: nowMs,
    audit: auditRecord(deps, {
      ...base,
      kind: AUDIT_KINDS.operationFinished,
      detail: { status: outcome.status, reason: outcome.reason, repairResult: outcome.repairResult },
    }),
    releaseAudit: epoch === undefined ? undefined : auditRecord(deps, { ...base, epoch, kind: AUDIT_KINDS.leaseReleased, detail: {} }),
  });
  return {
    ...outcome,
    action,
    released,
    breakerOpened,
    // The operation as verification left it: repair and convergence times are on it.
    timings: remediationTimings(operation),
  };
}

async function heldEpoch(state: RemediationState, deps: RemediationDeps): Promise<number | undefined> {
  const lease = await deps.table.getLease(state.targetName);
  return lease?.holder === state.operationId ? lease.epoch : undefined;
}
