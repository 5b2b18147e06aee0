import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `request-hold` task. */
export const handler = rolloutHandler('request-hold');
