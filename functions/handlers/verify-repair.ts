import { cloudwatchDeps } from '../deps/cloudwatch-deps.js';
import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { verifyRepairTask } from '../remediation/verify-repair.js';

/** Lambda entry point of the remediation's `VerifyRepair` state. */
export const handler = taskHandler(verifyRepairTask, depsFromEnvironment(tableDeps, cloudwatchDeps));
