import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { acquireLeaseTask } from './acquire-lease.js';
import { decideTask } from './decide.js';
import { finishOperationTask } from './finish-operation.js';
import { holdTimedOutTask } from './hold-timed-out.js';
import { judgeHookTask } from './judge-hook.js';
import { planRestoreTask } from './plan-restore.js';
import { prepareRolloutTask } from './prepare-rollout.js';
import { requestHoldTask } from './request-hold.js';
import type { RolloutTaskName } from './rollout-task-list.js';
import { snapshotAliasTask } from './snapshot-alias.js';

/**
 * The code of every task of the rollout state machine, by name: for the sandbox, which runs
 * them all in one process. A Lambda entry point never imports this: it imports its own task.
 */
export const ROLLOUT_TASK_CODE: Record<RolloutTaskName, TaskCode<never, unknown, TaskDeps>> = {
  'prepare-rollout': prepareRolloutTask,
  'acquire-lease': acquireLeaseTask,
  'snapshot-alias': snapshotAliasTask,
  'judge-hook': judgeHookTask,
  decide: decideTask,
  'request-hold': requestHoldTask,
  'hold-timed-out': holdTimedOutTask,
  'plan-restore': planRestoreTask,
  'finish-operation': finishOperationTask,
};
