import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `decide` task. */
export const handler = rolloutHandler('decide');
