import type { AlarmReader } from '../adapters/alarm-reader.js';
import type { AliasReader } from '../adapters/alias-reader.js';
import type { AuditTrail } from '../adapters/audit-trail.js';
import type { BreakerTable } from '../adapters/breaker-table.js';
import type { CommandTable } from '../adapters/command-table.js';
import type { ControlReader } from '../adapters/control-reader.js';
import type { EscalationTable } from '../adapters/escalation-table.js';
import type { HoldTable } from '../adapters/hold-table.js';
import type { IncidentTable } from '../adapters/incident-table.js';
import type { KillSwitchTable } from '../adapters/kill-switch-table.js';
import type { KnownGoodTable } from '../adapters/known-good-table.js';
import type { LeaseTable } from '../adapters/lease-table.js';
import type { OperationTable } from '../adapters/operation-table.js';
import type { RemediationStarter } from '../adapters/remediation-starter.js';
import type { RolloutStarter } from '../adapters/rollout-starter.js';
import type { SettingsTable } from '../adapters/settings-table.js';
import type { TargetRegistry } from '../adapters/target-registry.js';
import type { TaskCallbacks } from '../adapters/task-callbacks.js';
import type { VersionTelemetryReader } from '../adapters/version-telemetry.js';
import type { Clock } from '../core/clock.js';
import type { RemediationSettings } from '../schema/settings-item.js';

/** Braid's table: one adapter per record kind. */
export interface TableDeps {
  /** The targets, as the deploy recorded them. */
  readonly registry: TargetRegistry;
  readonly leases: LeaseTable;
  readonly operations: OperationTable;
  /** Operators' commands waiting for a rollout's next gate check. */
  readonly commands: CommandTable;
  readonly audit: AuditTrail;
  /** What operations wait on people for. */
  readonly holds: HoldTable;
  /** The remediation braid's bookkeeping on its operations. */
  readonly incidents: IncidentTable;
  /** Every control item of a target (or of the account), read at once. */
  readonly controls: ControlReader;
  readonly killSwitches: KillSwitchTable;
  readonly breakers: BreakerTable;
  readonly knownGood: KnownGoodTable;
  readonly escalations: EscalationTable;
  /** The account-wide settings item. */
  readonly settings: SettingsTable;
}

/** What Lambda tells: aliases, versions, concurrency. */
export interface LambdaDeps {
  readonly aliases: AliasReader;
}

/** What CloudWatch tells: alarm states and per-version telemetry. */
export interface CloudWatchDeps {
  readonly alarms: AlarmReader;
  readonly telemetry: VersionTelemetryReader;
}

/** Step Functions: resuming executions that wait on a task token, and starting braids. */
export interface StepFunctionsDeps {
  readonly callbacks: TaskCallbacks;
  /** Starts rollouts (on deploy). */
  readonly rolloutStarter: RolloutStarter;
  /** Starts remediations (the detector and `braid repair`). */
  readonly remediationStarter: RemediationStarter;
}

/** What every task has without any AWS client. */
export interface BaseDeps {
  readonly clock: Clock;
  /** Makes ULIDs for operations, audit records and holds. */
  readonly newId: () => string;
  /** What applies when the table holds no settings item (the Braid construct writes one at deploy). */
  readonly defaultSettings: RemediationSettings;
}

/**
 * Everything Braid's tasks may need from the outside world, injected so the sandbox can swap
 * endpoints and clock. A task names the part it uses (`Pick<TaskDeps, …>`); a Lambda entry
 * builds only that part, so it loads and constructs only the SDK clients its task calls.
 */
export type TaskDeps = TableDeps & LambdaDeps & CloudWatchDeps & StepFunctionsDeps & BaseDeps;
