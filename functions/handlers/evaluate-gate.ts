import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `evaluate-gate` task. */
export const handler = rolloutHandler('evaluate-gate');
