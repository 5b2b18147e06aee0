import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { prepareRolloutTask } from '../rollout/prepare-rollout.js';

/** Lambda entry point of the rollout's `PrepareRollout` state. */
export const handler = taskHandler(prepareRolloutTask, depsFromEnvironment(tableDeps));
