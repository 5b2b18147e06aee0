import { ROLLOUT_TASK_LIST, type RolloutPlaceholder, type TaskAccess } from '../../functions/rollout/rollout-task-list.js';

export type { RolloutPlaceholder, TaskAccess } from '../../functions/rollout/rollout-task-list.js';

/** One Lambda task of the rollout state machine, as CDK builds it. */
export interface RolloutTaskSpec {
  /** Construct id of the function. */
  readonly id: string;
  /** Handler file under `functions/handlers/`, exporting `handler`. */
  readonly handlerFile: string;
  readonly access: TaskAccess;
}

/**
 * The rollout state machine's Lambda tasks, keyed by the ASL placeholder that receives each
 * function's ARN, derived from the task list the handlers and the sandbox share.
 */
export const ROLLOUT_TASKS = Object.fromEntries(
  ROLLOUT_TASK_LIST.map((task) => [task.placeholder, { id: task.constructId, handlerFile: `${task.name}.ts`, access: task.access }]),
) as Record<RolloutPlaceholder, RolloutTaskSpec>;

/** Every placeholder, in declaration order. */
export const ROLLOUT_PLACEHOLDERS = ROLLOUT_TASK_LIST.map((task) => task.placeholder);
