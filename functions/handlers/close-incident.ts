import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { closeIncidentTask } from '../remediation/close-incident.js';

/** Lambda entry point of the remediation's `FinishIncident` state. */
export const handler = taskHandler(closeIncidentTask, depsFromEnvironment(tableDeps));
