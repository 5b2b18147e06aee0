import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `snapshot-alias` task. */
export const handler = rolloutHandler('snapshot-alias');
