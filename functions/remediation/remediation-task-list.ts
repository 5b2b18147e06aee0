import type { TaskAccess, TaskInfo } from '../rollout/rollout-task-list.js';

/** One Lambda task of the remediation state machine, as data: CDK, the sandbox and tests read this one list. */
export type RemediationTaskInfo = TaskInfo;

const NONE: TaskAccess = { readsAliases: false, readsAlarms: false };
const ALARMS: TaskAccess = { readsAliases: false, readsAlarms: true };
const BOTH: TaskAccess = { readsAliases: true, readsAlarms: true };

/** Every Lambda task of `statemachines/remediation.asl.json`. */
export const REMEDIATION_TASK_LIST = [
  { name: 'request-repair-approval', placeholder: 'RequestRepairApprovalFunctionArn', constructId: 'RequestRepairApproval', access: NONE },
  { name: 'prepare-repair', placeholder: 'PrepareRepairFunctionArn', constructId: 'PrepareRepair', access: BOTH },
  { name: 'verify-repair', placeholder: 'VerifyRepairFunctionArn', constructId: 'VerifyRepair', access: ALARMS },
  { name: 'plan-undo', placeholder: 'PlanUndoFunctionArn', constructId: 'PlanUndo', access: NONE },
  { name: 'escalate-incident', placeholder: 'EscalateIncidentFunctionArn', constructId: 'EscalateIncident', access: NONE },
  { name: 'close-incident', placeholder: 'CloseIncidentFunctionArn', constructId: 'CloseIncident', access: NONE },
] as const satisfies readonly RemediationTaskInfo[];

/** A task's name. */
export type RemediationTaskName = (typeof REMEDIATION_TASK_LIST)[number]['name'];
/** A placeholder of the remediation definition that names a task function. */
export type RemediationPlaceholder = (typeof REMEDIATION_TASK_LIST)[number]['placeholder'];
/** The placeholder of the escalation topic's ARN (not a task). */
export const ESCALATION_TOPIC_PLACEHOLDER = 'EscalationTopicArn';
