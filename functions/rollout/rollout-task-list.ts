/** What a task function may read besides Braid's table (which every task reads and writes). */
export interface TaskAccess {
  /** `lambda:GetAlias`, `lambda:GetFunctionConfiguration` on managed functions. */
  readonly readsAliases: boolean;
  /** `cloudwatch:DescribeAlarms` on gate alarms and `cloudwatch:GetMetricData` (per-version telemetry). */
  readonly readsAlarms: boolean;
}

/** One Lambda task of a state machine, as data: CDK, the sandbox and tests read one list per machine. */
export interface TaskInfo {
  /** Short name: handler file `functions/handlers/<name>.ts`, function `braid-<name>` in the sandbox. */
  readonly name: string;
  /** The ASL placeholder its function ARN fills. */
  readonly placeholder: string;
  /** Construct id of its function in CDK. */
  readonly constructId: string;
  readonly access: TaskAccess;
}

const NONE: TaskAccess = { readsAliases: false, readsAlarms: false };
const ALIASES: TaskAccess = { readsAliases: true, readsAlarms: false };
const ALARMS: TaskAccess = { readsAliases: false, readsAlarms: true };

/** One Lambda task of the rollout state machine. */
export type RolloutTaskInfo = TaskInfo;

/** Every Lambda task of `statemachines/rollout.asl.json`. */
export const ROLLOUT_TASK_LIST = [
  { name: 'prepare-rollout', placeholder: 'PrepareRolloutFunctionArn', constructId: 'PrepareRollout', access: NONE },
  { name: 'acquire-lease', placeholder: 'AcquireLeaseFunctionArn', constructId: 'AcquireLease', access: NONE },
  { name: 'snapshot-alias', placeholder: 'SnapshotAliasFunctionArn', constructId: 'SnapshotAlias', access: ALIASES },
  { name: 'judge-hook', placeholder: 'JudgeHookFunctionArn', constructId: 'JudgeHook', access: NONE },
  { name: 'decide', placeholder: 'DecideFunctionArn', constructId: 'Decide', access: ALARMS },
  { name: 'request-hold', placeholder: 'RequestHoldFunctionArn', constructId: 'RequestHold', access: NONE },
  { name: 'hold-timed-out', placeholder: 'HoldTimedOutFunctionArn', constructId: 'HoldTimedOut', access: NONE },
  { name: 'plan-restore', placeholder: 'PlanRestoreFunctionArn', constructId: 'PlanRestore', access: ALIASES },
  { name: 'finish-operation', placeholder: 'FinishOperationFunctionArn', constructId: 'FinishOperation', access: NONE },
] as const satisfies readonly RolloutTaskInfo[];

/** A task's name. */
export type RolloutTaskName = (typeof ROLLOUT_TASK_LIST)[number]['name'];
/** A placeholder of the rollout definition that names a task function. */
export type RolloutPlaceholder = (typeof ROLLOUT_TASK_LIST)[number]['placeholder'];
