import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `plan-restore` task. */
export const handler = rolloutHandler('plan-restore');
