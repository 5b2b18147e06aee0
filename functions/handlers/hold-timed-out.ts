import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `hold-timed-out` task. */
export const handler = rolloutHandler('hold-timed-out');
