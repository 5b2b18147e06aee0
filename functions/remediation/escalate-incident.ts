import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { escalationReason } from '../core/remediation-outcome.js';
import { escalationMessage } from '../core/remediation/escalation.js';
import type { PolicyRule } from '../core/remediation/remediation-policy.js';
import { auditRecord } from '../rollout/task-deps.js';
import { loadIncident } from './load-incident.js';
import type { RemediationDeps } from './remediation-deps.js';

/**
 * Escalate: says why Braid did not (or could not) fix the incident, audits it, and claims the
 * target's notification: at most one per quiet window, so a flapping alarm pages once.
 * The state machine publishes the message to the escalation topic when `notify` is true.
 */
export async function escalateIncident(state: RemediationState, deps: RemediationDeps): Promise<RemediationState> {
  const { operation, runbook } = await loadIncident(state, deps);
  const reason = escalationReason(state);
  const nowMs = deps.clock.nowMs();
  const message = escalationMessage({
    targetName: state.targetName,
    operationId: state.operationId,
    reason,
    alarmName: operation.incident?.alarmName,
    trigger: state.trigger,
    atMs: operation.incident?.stateTimestampMs ?? operation.createdAtMs,
    rule: state.repair || state.error || state.verify ? undefined : (state.decision.rule as PolicyRule),
  });
  const notify = await deps.remediation.claimEscalation({
    targetName: state.targetName,
    operationId: state.operationId,
    atMs: nowMs,
    quietSeconds: runbook.escalationQuietSeconds,
    audit: auditRecord(deps, {
      kind: AUDIT_KINDS.escalationRecorded,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:escalate-incident',
      epoch: state.lease?.epoch,
      detail: { reason, subject: message.subject },
    }),
  });
  return { ...state, escalation: { notify, subject: message.subject, message: message.message, reason } };
}
