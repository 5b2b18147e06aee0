import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { judgeConvergence } from '../core/remediation/convergence.js';
import { auditRecord } from '../rollout/task-deps.js';
import { loadIncident, worstAlarmState } from './load-incident.js';
import type { RemediationDeps } from './remediation-deps.js';

/**
 * Verify: after the bake, looks at the alarm(s). Converged when OK for the whole bake; looks
 * again (bounded) while not yet; not converged after the last look. Each look is audited.
 */
export async function verifyRepair(state: RemediationState & { mitigated?: { at: string } }, deps: RemediationDeps): Promise<RemediationState> {
  const { runbook, alarmNames } = await loadIncident(state, deps);
  const alarm = await worstAlarmState(alarmNames, deps);
  const nowMs = deps.clock.nowMs();
  const checks = state.verify?.checks ?? 0;
  const verdict = judgeConvergence({ alarmState: alarm.state, stateUpdatedMs: alarm.updatedAtMs, nowMs, checks, verify: runbook.verify });
  const repairedAtMs = state.mitigated ? Date.parse(state.mitigated.at) : undefined;
  await deps.table.writeFenced({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch: state.lease?.epoch ?? 0,
    audit: auditRecord(deps, {
      kind: AUDIT_KINDS.convergenceChecked,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:verify-repair',
      epoch: state.lease?.epoch,
      detail: { check: checks + 1, verdict: verdict.verdict, reason: verdict.reason, alarmState: alarm.state, alarmName: alarm.name },
    }),
    operationChanges: { updatedAtMs: nowMs, repairedAtMs, ...(verdict.verdict === 'converged' ? { convergedAtMs: nowMs } : {}) },
  });
  return {
    ...state,
    verify: { verdict: verdict.verdict, waitSeconds: verdict.verdict === 'recheck' ? verdict.waitSeconds : 0, checks: checks + 1, reason: verdict.reason },
  };
}
