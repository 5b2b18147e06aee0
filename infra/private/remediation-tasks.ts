import { REMEDIATION_TASK_LIST } from '../../functions/remediation/remediation-task-list.js';
import { tasksByPlaceholder } from './task-specs.js';

export { ESCALATION_TOPIC_PLACEHOLDER } from '../../functions/remediation/remediation-task-list.js';

/** The remediation state machine's Lambda tasks, keyed by placeholder. */
export const REMEDIATION_TASKS = tasksByPlaceholder(REMEDIATION_TASK_LIST);
