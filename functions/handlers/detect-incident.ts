import { cloudwatchDeps } from '../deps/cloudwatch-deps.js';
import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { stepFunctionsDeps } from '../deps/stepfunctions-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { detectIncidentTask } from '../remediation/detect-incident.js';

/** Lambda entry point of the remediation detector, triggered by "CloudWatch Alarm State Change" events. */
export const handler = taskHandler(detectIncidentTask, depsFromEnvironment(tableDeps, cloudwatchDeps, stepFunctionsDeps));
