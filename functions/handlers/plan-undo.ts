import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { planUndoTask } from '../remediation/plan-undo.js';

/** Lambda entry point of the remediation's `PlanUndo` state. */
export const handler = taskHandler(planUndoTask, depsFromEnvironment(tableDeps));
