import { AUDIT_KINDS } from '../core/audit.js';
import type { HoldRecord } from '../core/holds.js';
import type { RemediationState } from '../core/remediation-state.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, type LoadIncidentDeps } from './load-incident.js';

/** What requesting a repair's approval needs. */
export type RequestRepairApprovalDeps = LoadIncidentDeps & Pick<TaskDeps, 'holds' | 'clock' | 'newId'>;

/** What the `.waitForTaskToken` task passes. */
export interface RepairApprovalRequest {
  readonly token: string;
  readonly state: RemediationState;
}

/**
 * Records that the repair waits for a person (`braid approve|reject <operationId>`), with the
 * task token that resumes the execution. The lease is not taken yet: a person thinking does
 * not block the target. The incident's alarm going back to OK meanwhile is seen when the
 * repair re-reads the live state.
 */
export async function requestRepairApproval(request: RepairApprovalRequest, deps: RequestRepairApprovalDeps): Promise<{ holdId: string }> {
  const { state, token } = request;
  const { runbook, alarmNames } = await loadIncident(state, deps);
  const nowMs = deps.clock.nowMs();
  const hold: HoldRecord = {
    holdId: deps.newId(),
    operationId: state.operationId,
    targetName: state.targetName,
    kind: 'approval',
    index: 0,
    token,
    status: 'pending',
    requestedAtMs: nowMs,
    expiresAtMs: nowMs + runbook.approvalTimeoutSeconds * 1000,
    // Not gate alarms: the gate watcher must not fail a repair's approval because the incident's own alarm fires.
    gateAlarmNames: [],
  };
  await deps.holds.put(
    hold,
    auditRecord(deps, {
      kind: AUDIT_KINDS.holdRequested,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:request-repair-approval',
      detail: {
        holdId: hold.holdId,
        kind: 'approval',
        index: 0,
        timeoutSeconds: runbook.approvalTimeoutSeconds,
        repair: runbook.action,
        alarmNames,
        reason: state.decision.reason,
      },
    }),
    'awaiting_approval',
    undefined,
  );
  return { holdId: hold.holdId };
}

/** The RequestApproval task (a `.waitForTaskToken` task: the execution waits until a person decides). */
export const requestRepairApprovalTask: TaskCode<RepairApprovalRequest, { holdId: string }, RequestRepairApprovalDeps> = {
  name: 'request-repair-approval',
  run: requestRepairApproval,
};
