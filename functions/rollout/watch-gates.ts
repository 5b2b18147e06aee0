import { AUDIT_KINDS } from '../core/audit.js';
import { HoldNotPendingError } from '../core/holds.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What the gate watcher needs. */
export type WatchGatesDeps = Pick<TaskDeps, 'holds' | 'callbacks' | 'clock' | 'newId'>;

/** The part of a "CloudWatch Alarm State Change" event the watcher reads. */
export interface AlarmStateChange {
  readonly detail?: { alarmName?: unknown; state?: { value?: unknown; reason?: unknown } };
}

/**
 * Gates keep judging while a rollout waits for a person: when a gate alarm goes to ALARM, every
 * hold it gates fails at once (`Braid.GateFailed`), so the rollout rolls back instead of waiting
 * out the approval. Triggered by EventBridge; events for other alarms or states change nothing.
 */
export async function watchGates(event: AlarmStateChange, deps: WatchGatesDeps): Promise<{ failedHolds: string[] }> {
  const alarmName = event.detail?.alarmName;
  if (typeof alarmName !== 'string' || event.detail?.state?.value !== 'ALARM') return { failedHolds: [] };
  const failedHolds: string[] = [];
  for (const hold of await deps.holds.listPending()) {
    if (!hold.gateAlarmNames.includes(alarmName)) continue;
    const reason = `gate alarm ${alarmName} went to ALARM while the rollout waited`;
    try {
      await deps.holds.decide({
        hold,
        status: 'gate_failed',
        by: 'braid:gate-watch',
        reason,
        atMs: deps.clock.nowMs(),
        audit: auditRecord(deps, {
          kind: AUDIT_KINDS.holdDecided,
          operationId: hold.operationId,
          targetName: hold.targetName,
          actor: 'braid:gate-watch',
          detail: {
            holdId: hold.holdId,
            kind: hold.kind,
            index: hold.index,
            status: 'gate_failed',
            by: 'braid:gate-watch',
            reason,
            alarmReason: event.detail.state?.reason,
          },
        }),
      });
    } catch (error) {
      if (error instanceof HoldNotPendingError) continue;
      throw error;
    }
    await deps.callbacks.fail(hold.token, 'Braid.GateFailed', reason);
    failedHolds.push(hold.holdId);
  }
  return { failedHolds };
}

/** The gate watcher, behind the EventBridge rule on alarms entering ALARM. */
export const watchGatesTask: TaskCode<AlarmStateChange, { failedHolds: string[] }, WatchGatesDeps> = { name: 'watch-gates', run: watchGates };
