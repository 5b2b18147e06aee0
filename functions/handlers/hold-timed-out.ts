import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { holdTimedOutTask } from '../rollout/hold-timed-out.js';

/** Lambda entry point of the rollout's `HoldTimedOut` state. */
export const handler = taskHandler(holdTimedOutTask, depsFromEnvironment(tableDeps));
