import type { AlarmReader } from '../adapters/alarm-reader.js';
import type { AliasReader } from '../adapters/alias-reader.js';
import type { BraidTable } from '../adapters/braid-table.js';
import type { HoldTable } from '../adapters/hold-table.js';
import type { TaskCallbacks } from '../adapters/task-callbacks.js';
import type { VersionTelemetryReader } from '../adapters/version-telemetry.js';
import type { AuditKind, AuditRecord } from '../core/audit.js';
import type { Clock } from '../core/clock.js';
import { leaseDurationMs } from '../core/lease.js';
import type { PreparedRollout } from '../core/rollout-state.js';

/** What the rollout's tasks need from the outside world: injected, so the sandbox can swap endpoints and clock. */
export interface TaskDeps {
  readonly table: BraidTable;
  /** What operations wait on people for. */
  readonly holds: HoldTable;
  readonly aliases: AliasReader;
  readonly alarms: AlarmReader;
  readonly telemetry: VersionTelemetryReader;
  /** Resumes executions waiting on a hold's task token. */
  readonly callbacks: TaskCallbacks;
  readonly clock: Clock;
  /** Makes ULIDs for audit records. */
  readonly newId: () => string;
}

/** Until when the rollout's lease must hold from step `fromIndex` on (see `leaseDurationMs`). */
export function leaseRenewal(op: PreparedRollout, fromIndex: number, nowMs: number): number {
  return (
    nowMs +
    leaseDurationMs(op.plan, fromIndex, {
      holdTimeoutSeconds: op.approvals.timeoutSeconds,
      maxInconclusive: op.gate.maxInconclusive,
      recheckSeconds: op.gate.recheckSeconds,
    })
  );
}

/** Builds an audit record stamped with the task's clock. */
export function auditRecord(
  deps: Pick<TaskDeps, 'clock' | 'newId'>,
  fields: { kind: AuditKind; operationId: string; targetName: string; actor: string; epoch?: number; detail: Record<string, unknown> },
): AuditRecord {
  return { auditId: deps.newId(), atMs: deps.clock.nowMs(), ...fields };
}
