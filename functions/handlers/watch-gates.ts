import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { stepFunctionsDeps } from '../deps/stepfunctions-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { watchGatesTask } from '../rollout/watch-gates.js';

/** Lambda entry point of the gate watcher, triggered by "CloudWatch Alarm State Change" events. */
export const handler = taskHandler(watchGatesTask, depsFromEnvironment(tableDeps, stepFunctionsDeps));
