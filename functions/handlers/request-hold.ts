import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { requestHoldTask } from '../rollout/request-hold.js';

/** Lambda entry point of the rollout's `RequestHold` state. */
export const handler = taskHandler(requestHoldTask, depsFromEnvironment(tableDeps));
