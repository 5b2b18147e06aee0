import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { judgeConvergence } from '../core/remediation/convergence.js';
import { auditScope, writeFencedAudit } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, worstAlarmState, type LoadIncidentDeps } from './load-incident.js';

/** What verifying a repair needs. */
export type VerifyRepairDeps = LoadIncidentDeps & Pick<TaskDeps, 'alarms' | 'audit' | 'clock' | 'newId'>;

/** The state VerifyRepair receives: the remediation's, with when the repair was applied (from the Mitigated state). */
export type VerifyingState = RemediationState & { mitigated?: { at: string } };

/**
 * Verify: after the bake, looks at the alarm(s). Converged when OK for the whole bake; looks
 * again (bounded) while not yet; not converged after the last look. Each look is audited.
 */
export async function verifyRepair(state: VerifyingState, deps: VerifyRepairDeps): Promise<RemediationState> {
  const { runbook, alarmNames } = await loadIncident(state, deps);
  const alarm = await worstAlarmState(alarmNames, deps);
  const nowMs = deps.clock.nowMs();
  const checks = state.verify?.checks ?? 0;
  const verdict = judgeConvergence({ alarmState: alarm.state, stateUpdatedMs: alarm.updatedAtMs, nowMs, checks, verify: runbook.verify });
  const repairedAtMs = state.mitigated ? Date.parse(state.mitigated.at) : undefined;
  // Only a repair that took the lease is verified: without one the fence refuses (epoch 0 is never held).
  await writeFencedAudit(
    deps,
    { ...auditScope(state, 'braid:verify-repair'), epoch: state.lease?.epoch ?? 0 },
    AUDIT_KINDS.convergenceChecked,
    { check: checks + 1, verdict: verdict.verdict, reason: verdict.reason, alarmState: alarm.state, alarmName: alarm.name },
    { operationChanges: { updatedAtMs: nowMs, repairedAtMs, ...(verdict.verdict === 'converged' ? { convergedAtMs: nowMs } : {}) } },
  );
  return {
    ...state,
    verify: { verdict: verdict.verdict, waitSeconds: verdict.verdict === 'recheck' ? verdict.waitSeconds : 0, checks: checks + 1, reason: verdict.reason },
  };
}

/** The VerifyRepair task. */
export const verifyRepairTask: TaskCode<VerifyingState, RemediationState, VerifyRepairDeps> = { name: 'verify-repair', run: verifyRepair };
