import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { closeIncidentTask } from './close-incident.js';
import { escalateIncidentTask } from './escalate-incident.js';
import { planUndoTask } from './plan-undo.js';
import { prepareRepairTask } from './prepare-repair.js';
import type { RemediationTaskName } from './remediation-task-list.js';
import { requestRepairApprovalTask } from './request-repair-approval.js';
import { verifyRepairTask } from './verify-repair.js';

/**
 * The code of every task of the remediation state machine, by name: for the sandbox, which
 * runs them all in one process. A Lambda entry point never imports this: it imports its own task.
 */
export const REMEDIATION_TASK_CODE: Record<RemediationTaskName, TaskCode<never, unknown, TaskDeps>> = {
  'request-repair-approval': requestRepairApprovalTask,
  'prepare-repair': prepareRepairTask,
  'verify-repair': verifyRepairTask,
  'plan-undo': planUndoTask,
  'escalate-incident': escalateIncidentTask,
  'close-incident': closeIncidentTask,
};
