import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { decideRemediationOutcome, type RemediationOutcome } from '../core/remediation-outcome.js';
import { remediationTimings, type RemediationTimings } from '../core/remediation-timings.js';
import { recordRepairOutcome } from '../core/remediation/breaker.js';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, type LoadIncidentDeps } from './load-incident.js';

/** What closing an incident needs. */
export type CloseIncidentDeps = LoadIncidentDeps & Pick<TaskDeps, 'controls' | 'breakers' | 'leases' | 'clock' | 'newId'>;

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
export async function closeIncident(state: RemediationState, deps: CloseIncidentDeps): Promise<ClosedIncident> {
  const { operation, runbook, action } = await loadIncident(state, deps);
  const outcome = decideRemediationOutcome(state);
  const nowMs = deps.clock.nowMs();
  const base = auditScope(state, 'braid:close-incident');
  let breakerOpened = false;
  if (outcome.repairResult !== 'none') {
    const control = await deps.controls.readTarget(state.targetName);
    const next = recordRepairOutcome(control.breaker, outcome.repairResult, runbook.breaker, nowMs);
    breakerOpened = next.justOpened;
    const { justOpened: _justOpened, ...breaker } = next;
    await deps.breakers.set(
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
  const { released } = await deps.operations.finish({
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

async function heldEpoch(state: RemediationState, deps: CloseIncidentDeps): Promise<number | undefined> {
  const lease = await deps.leases.get(state.targetName);
  return lease?.holder === state.operationId ? lease.epoch : undefined;
}

/** The incident's business metrics: remediations finished by action and status, and how long each stage took. */
function recordClosingMetrics(result: ClosedIncident, metrics: Metrics): void {
  metrics.addDimension('action', result.action);
  metrics.addDimension('status', result.status);
  metrics.addMetric('RemediationsFinished', MetricUnit.Count, 1);
  // Timings stand alone: one metric set per figure, without the status dimensions.
  for (const [name, seconds] of [
    ['TimeToDetect', result.timings.detectSeconds],
    ['TimeToMitigate', result.timings.mitigateSeconds],
    ['TimeToConverge', result.timings.convergeSeconds],
  ] as const) {
    if (seconds === undefined) continue;
    metrics.publishStoredMetrics();
    metrics.addMetric(name, MetricUnit.Seconds, seconds);
  }
}

/** The FinishIncident task. */
export const closeIncidentTask: TaskCode<RemediationState, ClosedIncident, CloseIncidentDeps> = {
  name: 'close-incident',
  run: closeIncident,
  recordMetrics: recordClosingMetrics,
};
