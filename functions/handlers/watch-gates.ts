import { watchGates } from '../rollout/watch-gates.js';
import { taskHandler } from './private/task-handler.js';

/** Lambda entry point of the gate watcher, triggered by "CloudWatch Alarm State Change" events. */
export const handler = taskHandler('watch-gates', watchGates);
