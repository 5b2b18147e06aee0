import { cloudwatchDeps } from '../deps/cloudwatch-deps.js';
import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { lambdaDeps } from '../deps/lambda-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { prepareRepairTask } from '../remediation/prepare-repair.js';

/** Lambda entry point of the remediation's `PrepareRepair` state. */
export const handler = taskHandler(prepareRepairTask, depsFromEnvironment(tableDeps, lambdaDeps, cloudwatchDeps));
