import { rolloutHandler } from './private/task-handler.js';

/** Lambda entry point of the rollout's `prepare-rollout` task. */
export const handler = rolloutHandler('prepare-rollout');
