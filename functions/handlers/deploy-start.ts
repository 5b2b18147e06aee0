import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { lambdaDeps } from '../deps/lambda-deps.js';
import { stepFunctionsDeps } from '../deps/stepfunctions-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { deployStartTask } from '../rollout/start-on-deploy.js';

/** Lambda entry point of `onEvent` of the RolloutOnDeploy custom resource. */
export const handler = taskHandler(deployStartTask, depsFromEnvironment(tableDeps, lambdaDeps, stepFunctionsDeps));
