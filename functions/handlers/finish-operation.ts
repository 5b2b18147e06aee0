import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { finishOperationTask } from '../rollout/finish-operation.js';

/** Lambda entry point of the rollout's `FinishOperation` state. */
export const handler = taskHandler(finishOperationTask, depsFromEnvironment(tableDeps));
