import { TASK_ACCESS, type TaskInfo } from '../kernel/task-info.js';

const { none, aliases, alarms } = TASK_ACCESS;

/** Every Lambda task of `statemachines/rollout.asl.json`, as data: the code of each is in its own module (see `rollout-task-code.ts`). */
export const ROLLOUT_TASK_LIST = [
  { name: 'prepare-rollout', placeholder: 'PrepareRolloutFunctionArn', constructId: 'PrepareRollout', access: none, entry: 'prepare-rollout.ts' },
  { name: 'acquire-lease', placeholder: 'AcquireLeaseFunctionArn', constructId: 'AcquireLease', access: none, entry: 'acquire-lease.ts' },
  { name: 'snapshot-alias', placeholder: 'SnapshotAliasFunctionArn', constructId: 'SnapshotAlias', access: aliases, entry: 'snapshot-alias.ts' },
  { name: 'judge-hook', placeholder: 'JudgeHookFunctionArn', constructId: 'JudgeHook', access: none, entry: 'judge-hook.ts' },
  { name: 'decide', placeholder: 'DecideFunctionArn', constructId: 'Decide', access: alarms, entry: 'decide.ts' },
  { name: 'request-hold', placeholder: 'RequestHoldFunctionArn', constructId: 'RequestHold', access: none, entry: 'request-hold.ts' },
  { name: 'hold-timed-out', placeholder: 'HoldTimedOutFunctionArn', constructId: 'HoldTimedOut', access: none, entry: 'hold-timed-out.ts' },
  { name: 'plan-restore', placeholder: 'PlanRestoreFunctionArn', constructId: 'PlanRestore', access: aliases, entry: 'plan-restore.ts' },
  { name: 'finish-operation', placeholder: 'FinishOperationFunctionArn', constructId: 'FinishOperation', access: none, entry: 'finish-operation.ts' },
] as const satisfies readonly TaskInfo[];

/** A task's name. */
export type RolloutTaskName = (typeof ROLLOUT_TASK_LIST)[number]['name'];
/** A placeholder of the rollout definition that names a task function. */
export type RolloutPlaceholder = (typeof ROLLOUT_TASK_LIST)[number]['placeholder'];
