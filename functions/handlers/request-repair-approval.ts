import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { requestRepairApprovalTask } from '../remediation/request-repair-approval.js';

/** Lambda entry point of the remediation's `RequestApproval` state. */
export const handler = taskHandler(requestRepairApprovalTask, depsFromEnvironment(tableDeps));
