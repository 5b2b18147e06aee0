import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { escalationReason } from '../core/remediation-outcome.js';
import { escalationMessage } from '../core/remediation/escalation.js';
import type { PolicyRule } from '../core/remediation/remediation-policy.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, type LoadIncidentDeps } from './load-incident.js';

/** What escalating needs. */
export type EscalateIncidentDeps = LoadIncidentDeps & Pick<TaskDeps, 'escalations' | 'clock' | 'newId'>;

/**
 * Escalate: says why Braid did not (or could not) fix the incident, audits it, and claims the
 * target's notification: at most one per quiet window, so a flapping alarm pages once.
 * The state machine publishes the message to the escalation topic when `notify` is true.
 */
export async function escalateIncident(state: RemediationState, deps: EscalateIncidentDeps): Promise<RemediationState> {
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
  const notify = await deps.escalations.claim({
    targetName: state.targetName,
    operationId: state.operationId,
    atMs: nowMs,
    quietSeconds: runbook.escalationQuietSeconds,
    audit: auditRecord(deps, {
      ...auditScope(state, 'braid:escalate-incident'),
      kind: AUDIT_KINDS.escalationRecorded,
      detail: { reason, subject: message.subject },
    }),
  });
  return { ...state, escalation: { notify, subject: message.subject, message: message.message, reason } };
}

/** The FlagEscalation task: it also counts escalations, by whether people were notified. */
export const escalateIncidentTask: TaskCode<RemediationState, RemediationState, EscalateIncidentDeps> = {
  name: 'escalate-incident',
  run: escalateIncident,
  recordMetrics: (result, metrics) => {
    metrics.addDimension('notified', String(result.escalation?.notify ?? false));
    metrics.addMetric('Escalations', MetricUnit.Count, 1);
  },
};
