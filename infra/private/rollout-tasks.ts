import { ROLLOUT_TASK_LIST } from '../../functions/rollout/rollout-task-list.js';
import { tasksByPlaceholder } from './task-specs.js';

/** The rollout state machine's Lambda tasks, keyed by placeholder. */
export const ROLLOUT_TASKS = tasksByPlaceholder(ROLLOUT_TASK_LIST);
