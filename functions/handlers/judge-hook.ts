import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `judge-hook` task. */
export const handler = rolloutHandler('judge-hook');
