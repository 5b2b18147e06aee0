import { cloudwatchDeps } from '../deps/cloudwatch-deps.js';
import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { decideTask } from '../rollout/decide.js';

/** Lambda entry point of the rollout's `Decide` state. */
export const handler = taskHandler(decideTask, depsFromEnvironment(tableDeps, cloudwatchDeps));
