/** What a task function may read besides Braid's table (which every task reads and writes). */
export interface TaskAccess {
  /** `lambda:GetAlias`, `lambda:GetFunctionConfiguration` on managed functions. */
  readonly readsAliases: boolean;
  /** `cloudwatch:DescribeAlarms` on gate alarms and `cloudwatch:GetMetricData` (per-version telemetry). */
  readonly readsAlarms: boolean;
}

/** The access a task list may give. */
export const TASK_ACCESS = {
  none: { readsAliases: false, readsAlarms: false },
  aliases: { readsAliases: true, readsAlarms: false },
  alarms: { readsAliases: false, readsAlarms: true },
  both: { readsAliases: true, readsAlarms: true },
} as const satisfies Record<string, TaskAccess>;

/** One Lambda task of a state machine, as data (no code): CDK, the sandbox and tests read one list per machine. */
export interface TaskInfo {
  /** Short name: function `braid-<name>` in the sandbox. */
  readonly name: string;
  /** The ASL placeholder its function ARN fills. */
  readonly placeholder: string;
  /** Construct id of its function in CDK. */
  readonly constructId: string;
  readonly access: TaskAccess;
  /** Its Lambda entry point, a file of `functions/handlers/` that imports only this task's code. */
  readonly entry: string;
}
