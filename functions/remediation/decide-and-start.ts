import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { decideRemediation, type KillSwitchState, type RemediationDecision } from '../core/remediation/remediation-policy.js';
import type { RemediationRunbook, RepairAction } from '../core/remediation/runbook.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import type { RemediationOperation } from '../schema/operation-item.js';
import type { TargetRecord } from '../schema/target-item.js';

/** What deciding an incident and starting its remediation needs. */
export type DecideAndStartDeps = Pick<TaskDeps, 'controls' | 'incidents' | 'audit' | 'alarms' | 'remediationStarter' | 'defaultSettings' | 'clock' | 'newId'>;

/** What deciding an incident (or a requested repair) led to. */
export type DecideResult =
  | { readonly outcome: 'started'; readonly operationId: string; readonly decision: RemediationDecision; readonly executionArn: string }
  | { readonly outcome: 'ignored'; readonly operationId: string; readonly decision: RemediationDecision }
  /** Someone else recorded the decision first: this delivery changed nothing. */
  | { readonly outcome: 'decided_elsewhere'; readonly operationId: string };

/** A bucket moved between read and write this many times in a row: give up (the event is redelivered). */
const MAX_DECISION_ATTEMPTS = 5;

/**
 * Applies the remediation policy to an operation just created, records the decision (taking
 * rate-limit tokens in the same transaction, only if nobody decided first), and starts the
 * remediation execution unless the decision was to ignore.
 */
export async function decideAndStart(
  input: {
    operation: RemediationOperation;
    target: TargetRecord;
    runbook: RemediationRunbook;
    action: RepairAction;
    trigger: 'alarm' | 'manual';
    alarmTimeMs: number;
    actor: string;
  },
  deps: DecideAndStartDeps,
): Promise<DecideResult> {
  const { operation, target, runbook } = input;
  for (let attempt = 1; ; attempt += 1) {
    const nowMs = deps.clock.nowMs();
    const [control, global] = await Promise.all([
      readOrUnreadable(() => deps.controls.readTarget(target.targetName)),
      readOrUnreadable(() => deps.controls.readGlobal()),
    ]);
    const windowStart = input.alarmTimeMs - runbook.flap.windowSeconds * 1000;
    const recent = input.trigger === 'alarm' ? await deps.incidents.listRecent(target.targetName, windowStart, input.alarmTimeMs) : [];
    const alarmsInAlarm =
      input.trigger === 'alarm' && runbook.minAlarms > 1
        ? (await deps.alarms.readAlarms(runbook.alarmNames)).filter((alarm) => alarm.state === 'ALARM').length
        : undefined;
    const decision = decideRemediation({
      targetName: target.targetName,
      alarmName: operation.incident?.alarmName,
      trigger: input.trigger,
      action: input.action,
      runbook,
      nowMs,
      killSwitch: {
        global: 'error' in global ? unreadable(global.error) : global.killSwitch,
        target: 'error' in control ? unreadable(control.error) : control.killSwitch,
      },
      breaker: 'error' in control ? { consecutiveFailures: 0, open: false } : control.breaker,
      lastRepairAtMs: 'error' in control ? undefined : control.lastRepairAtMs[input.action],
      recentAlarmsMs: recent
        .filter((other) => other.operationId !== operation.operationId)
        .map((other) => other.incident?.stateTimestampMs ?? other.createdAtMs),
      alarmTimeMs: input.alarmTimeMs,
      alarmsInAlarm,
      buckets: { target: 'error' in control ? undefined : control.bucket, global: 'error' in global ? undefined : global.bucket },
      globalRateLimit: ('error' in global ? undefined : global.settings?.globalRateLimit) ?? deps.defaultSettings.globalRateLimit,
    });
    const ignored = decision.decision === 'ignore';
    const takes =
      decision.buckets && !('error' in control) && !('error' in global)
        ? { target: { before: control.bucket, after: decision.buckets.target }, global: { before: global.bucket, after: decision.buckets.global } }
        : undefined;
    const recorded = await deps.incidents.recordDecision({
      operationId: operation.operationId,
      targetName: target.targetName,
      changes: {
        decision: decision.decision,
        decisionRule: decision.rule,
        decisionReason: decision.reason,
        updatedAtMs: nowMs,
        ...(ignored ? { status: 'ignored' as const, outcomeReason: decision.reason } : {}),
      },
      audit: auditRecord(deps, {
        kind: AUDIT_KINDS.remediationDecided,
        operationId: operation.operationId,
        targetName: target.targetName,
        actor: input.actor,
        detail: {
          decision: decision.decision,
          rule: decision.rule,
          reason: decision.reason,
          action: input.action,
          tokensLeft: decision.buckets ? { target: decision.buckets.target.tokens, global: decision.buckets.global.tokens } : undefined,
        },
      }),
      takes,
    });
    if (recorded === 'decided_already') return { outcome: 'decided_elsewhere', operationId: operation.operationId };
    if (recorded === 'bucket_moved') {
      if (attempt >= MAX_DECISION_ATTEMPTS)
        throw new Error(
          `The rate-limit buckets of ${target.targetName} kept changing while deciding ${operation.operationId}; giving up so the event is delivered again.`,
        );
      continue;
    }
    if (ignored) {
      await deps.audit.append(
        auditRecord(deps, {
          kind: AUDIT_KINDS.operationFinished,
          operationId: operation.operationId,
          targetName: target.targetName,
          actor: input.actor,
          detail: { status: 'ignored', reason: decision.reason },
        }),
      );
      return { outcome: 'ignored', operationId: operation.operationId, decision };
    }
    const { executionArn } = await deps.remediationStarter.start(executionInput(operation, decision, runbook));
    await deps.incidents.recordExecution(operation.operationId, executionArn);
    return { outcome: 'started', operationId: operation.operationId, decision, executionArn };
  }
}

/** The execution's input: the same for every start of one operation, so repeated starts are idempotent. */
export function executionInput(
  operation: RemediationOperation,
  decision: RemediationState['decision'],
  runbook: RemediationRunbook,
): RemediationState & { approvalTimeoutSeconds: number } {
  return {
    operationId: operation.operationId,
    targetName: operation.targetName,
    trigger: operation.trigger,
    decision: { decision: decision.decision, rule: decision.rule, reason: decision.reason },
    approvalTimeoutSeconds: runbook.approvalTimeoutSeconds,
  };
}

function unreadable(error: string): KillSwitchState {
  return { unreadable: true, error };
}

/** A failed read of control state is not an error of the detector: the policy fails closed on it. */
async function readOrUnreadable<T extends object>(read: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await read();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
