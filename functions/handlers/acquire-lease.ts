import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { acquireLeaseTask } from '../rollout/acquire-lease.js';

/** Lambda entry point of the rollout's `AcquireLease` state. */
export const handler = taskHandler(acquireLeaseTask, depsFromEnvironment(tableDeps));
