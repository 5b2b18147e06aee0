import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { lambdaDeps } from '../deps/lambda-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { planRestoreTask } from '../rollout/plan-restore.js';

/** Lambda entry point of the rollout's `CompensateRollout` state. */
export const handler = taskHandler(planRestoreTask, depsFromEnvironment(tableDeps, lambdaDeps));
