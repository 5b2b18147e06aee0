import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { deployWaitTask } from '../rollout/deploy-outcome.js';

/** Lambda entry point of `isComplete` of the RolloutOnDeploy custom resource. */
export const handler = taskHandler(deployWaitTask, depsFromEnvironment(tableDeps));
