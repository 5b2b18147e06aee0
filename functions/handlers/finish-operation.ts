import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `finish-operation` task. */
export const handler = rolloutHandler('finish-operation');
