import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { AUDIT_KINDS } from '../core/audit.js';
import { BraidError } from '../core/errors.js';
import { parseAlarmEvent, UnknownAlarmError, type AlarmEvent } from '../core/remediation/alarm-event.js';
import { incidentKey, incidentOperationId } from '../core/remediation/incident-key.js';
import { resolveRunbook } from '../core/remediation/runbook.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import type { RemediationOperation } from '../schema/operation-item.js';
import type { TargetRecord } from '../schema/target-item.js';
import { decideAndStart, executionInput, type DecideAndStartDeps, type DecideResult } from './decide-and-start.js';

/** What the detector needs. */
export type DetectIncidentDeps = DecideAndStartDeps & Pick<TaskDeps, 'registry' | 'operations'>;

/** The event is a change to OK or INSUFFICIENT_DATA: only entering ALARM starts a remediation. */
export class NotAlarmStateError extends BraidError {
  readonly code = 'Braid.NotAlarmState';
  readonly fault = 'user';

  constructor(
    readonly alarmName: string,
    readonly state: string,
  ) {
    super(
      `Alarm ${JSON.stringify(alarmName)} changed to ${state}; remediation starts only when an alarm enters ALARM. Match detail.state.value = ALARM in the EventBridge rule.`,
    );
  }
}

/** Where rejected events are recorded: an audit stream of their own, outside any operation. */
export const INTAKE_STREAM = { operationId: 'intake', targetName: '*' } as const;

/** A duplicate of an undecided incident older than this is taken to be left by a crashed detector, and decided again. */
const STALE_DETECTION_MS = 60_000;

/** What one delivery of one event led to, per target it concerns. */
export type Detection =
  | { readonly outcome: 'rejected'; readonly error: { readonly code: string; readonly message: string } }
  | { readonly outcome: 'duplicate'; readonly operationId: string; readonly targetName: string; readonly duplicates: number }
  | (DecideResult & { readonly targetName: string });

/**
 * The remediation braid's entry point, behind the EventBridge rule on alarms entering ALARM.
 * Validates the event (a malformed or foreign one is recorded as rejected and changes nothing
 * else; an alarm no runbook names is ignored), finds the targets whose runbook watches the alarm, claims the incident once per
 * target (every redelivery maps to the same operation and is only counted), decides by policy
 * and starts the remediation execution, named after the operation.
 */
export async function detectIncident(event: unknown, deps: DetectIncidentDeps): Promise<{ detections: Detection[] }> {
  let alarm: AlarmEvent;
  let targets: { target: TargetRecord; runbook: ReturnType<typeof resolveRunbook> }[];
  try {
    alarm = parseAlarmEvent(event);
    targets = await watchersOf(alarm, deps);
  } catch (error) {
    if (!(error instanceof BraidError)) throw error;
    // Any alarm of the account may reach the rule; one no runbook names is not Braid's business and is not recorded.
    if (error instanceof UnknownAlarmError) return { detections: [{ outcome: 'rejected', error: { code: error.code, message: error.message } }] };
    await deps.audit.append(
      auditRecord(deps, {
        ...INTAKE_STREAM,
        kind: AUDIT_KINDS.eventRejected,
        actor: 'braid:detect-incident',
        detail: { code: error.code, message: error.message, eventId: eventIdOf(event) },
      }),
    );
    return { detections: [{ outcome: 'rejected', error: { code: error.code, message: error.message } }] };
  }
  const detections: Detection[] = [];
  for (const { target, runbook } of targets) detections.push(await detectFor(alarm, target, runbook, deps));
  return { detections };
}

/** The registered targets whose runbook names the alarm; a foreign alarm is an error. */
async function watchersOf(alarm: AlarmEvent, deps: DetectIncidentDeps) {
  if (alarm.state.value !== 'ALARM') throw new NotAlarmStateError(alarm.alarmName, alarm.state.value);
  const watchers = (await deps.registry.list())
    .filter((target) => target.remediation?.alarmNames.includes(alarm.alarmName))
    .map((target) => ({ target, runbook: resolveRunbook(target.remediation!, `registry entry of "${target.targetName}".remediation`) }));
  if (watchers.length === 0) throw new UnknownAlarmError(alarm.alarmName);
  return watchers;
}

async function detectFor(alarm: AlarmEvent, target: TargetRecord, runbook: ReturnType<typeof resolveRunbook>, deps: DetectIncidentDeps): Promise<Detection> {
  const key = incidentKey(alarm);
  const operationId = incidentOperationId(key, target.targetName, alarm.state.timestampMs);
  const nowMs = deps.clock.nowMs();
  const base = { operationId, targetName: target.targetName, actor: 'braid:detect-incident' };
  const operation: RemediationOperation = {
    operationId,
    kind: 'remediation',
    targetName: target.targetName,
    status: 'pending',
    trigger: 'alarm',
    action: runbook.action,
    incident: { key, alarmName: alarm.alarmName, stateTimestampMs: alarm.state.timestampMs, eventId: alarm.eventId, detectedAtMs: nowMs },
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  const created = await deps.operations.create(
    operation,
    auditRecord(deps, {
      ...base,
      kind: AUDIT_KINDS.incidentDetected,
      detail: {
        alarmName: alarm.alarmName,
        reason: alarm.state.reason,
        stateTimestampMs: alarm.state.timestampMs,
        eventId: alarm.eventId,
        incidentKey: key,
        timeToDetectMs: nowMs - alarm.state.timestampMs,
      },
    }),
  );
  if (created === 'exists') {
    const duplicates = await deps.incidents.recordDuplicate(
      operationId,
      auditRecord(deps, { ...base, kind: AUDIT_KINDS.incidentDuplicate, detail: { eventId: alarm.eventId, incidentKey: key } }),
    );
    await recoverStalled(operationId, target, runbook, alarm, deps);
    return { outcome: 'duplicate', operationId, targetName: target.targetName, duplicates };
  }
  return {
    ...(await decideAndStart(
      { operation, target, runbook, action: runbook.action, trigger: 'alarm', alarmTimeMs: alarm.state.timestampMs, actor: 'braid:detect-incident' },
      deps,
    )),
    targetName: target.targetName,
  };
}

/**
 * A redelivery finishes what a crashed detector left: an incident never decided (after a
 * grace period, so concurrent deliveries do not all decide), or decided but with no execution
 * noted (starting again with the same name and input is a no-op if it did start).
 */
async function recoverStalled(
  operationId: string,
  target: TargetRecord,
  runbook: ReturnType<typeof resolveRunbook>,
  alarm: AlarmEvent,
  deps: DetectIncidentDeps,
): Promise<void> {
  const existing = await deps.operations.get(operationId);
  if (existing?.kind !== 'remediation' || existing.status !== 'pending') return;
  if (existing.decision && existing.decision !== 'ignore') {
    if (existing.executionArn) return;
    const { executionArn } = await deps.remediationStarter.start(
      executionInput(existing, { decision: existing.decision, rule: existing.decisionRule ?? '', reason: existing.decisionReason ?? '' }, runbook),
    );
    await deps.incidents.recordExecution(operationId, executionArn);
  } else if (!existing.decision && deps.clock.nowMs() - existing.createdAtMs >= STALE_DETECTION_MS) {
    await decideAndStart(
      { operation: existing, target, runbook, action: runbook.action, trigger: 'alarm', alarmTimeMs: alarm.state.timestampMs, actor: 'braid:detect-incident' },
      deps,
    );
  }
}

/** The event's id for the rejection record, if it can be read at all (a hostile event's getters may throw). */
function eventIdOf(event: unknown): string | undefined {
  try {
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** The detector's metrics: rejected events, duplicates suppressed, and decisions by kind. */
function recordDetectionMetrics(result: { detections: Detection[] }, metrics: Metrics): void {
  for (const detection of result.detections) {
    if (detection.outcome === 'rejected') metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
    else if (detection.outcome === 'duplicate') metrics.addMetric('DuplicatesSuppressed', MetricUnit.Count, 1);
    else if (detection.outcome === 'decided_elsewhere') metrics.addMetric('DuplicatesSuppressed', MetricUnit.Count, 1);
    else {
      metrics.publishStoredMetrics();
      metrics.addDimension('decision', detection.decision.decision);
      metrics.addMetric('IncidentsDecided', MetricUnit.Count, 1);
    }
  }
}

/** The remediation detector, behind the EventBridge rule on alarms entering ALARM. */
export const detectIncidentTask: TaskCode<unknown, { detections: Detection[] }, DetectIncidentDeps> = {
  name: 'detect-incident',
  run: detectIncident,
  recordMetrics: recordDetectionMetrics,
};
