import { TASK_ACCESS, type TaskInfo } from '../kernel/task-info.js';

const { none, alarms, both } = TASK_ACCESS;

/** Every Lambda task of `statemachines/remediation.asl.json`, as data: the code of each is in its own module (see `remediation-task-code.ts`). */
export const REMEDIATION_TASK_LIST = [
  {
    name: 'request-repair-approval',
    placeholder: 'RequestRepairApprovalFunctionArn',
    constructId: 'RequestRepairApproval',
    access: none,
    entry: 'request-repair-approval.ts',
  },
  { name: 'prepare-repair', placeholder: 'PrepareRepairFunctionArn', constructId: 'PrepareRepair', access: both, entry: 'prepare-repair.ts' },
  { name: 'verify-repair', placeholder: 'VerifyRepairFunctionArn', constructId: 'VerifyRepair', access: alarms, entry: 'verify-repair.ts' },
  { name: 'plan-undo', placeholder: 'PlanUndoFunctionArn', constructId: 'PlanUndo', access: none, entry: 'plan-undo.ts' },
  { name: 'escalate-incident', placeholder: 'EscalateIncidentFunctionArn', constructId: 'EscalateIncident', access: none, entry: 'escalate-incident.ts' },
  { name: 'close-incident', placeholder: 'CloseIncidentFunctionArn', constructId: 'CloseIncident', access: none, entry: 'close-incident.ts' },
] as const satisfies readonly TaskInfo[];

/** A task's name. */
export type RemediationTaskName = (typeof REMEDIATION_TASK_LIST)[number]['name'];
/** A placeholder of the remediation definition that names a task function. */
export type RemediationPlaceholder = (typeof REMEDIATION_TASK_LIST)[number]['placeholder'];
/** The placeholder of the escalation topic's ARN (not a task). */
export const ESCALATION_TOPIC_PLACEHOLDER = 'EscalationTopicArn';
