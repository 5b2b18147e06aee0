import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { escalateIncidentTask } from '../remediation/escalate-incident.js';

/** Lambda entry point of the remediation's `FlagEscalation` state. */
export const handler = taskHandler(escalateIncidentTask, depsFromEnvironment(tableDeps));
