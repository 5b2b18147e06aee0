import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `acquire-lease` task. */
export const handler = rolloutHandler('acquire-lease');
