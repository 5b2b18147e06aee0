import { REMEDIATION_TASK_LIST, type RemediationPlaceholder } from '../../functions/remediation/remediation-task-list.js';
import type { TaskAccess } from '../../functions/rollout/rollout-task-list.js';

export type { RemediationPlaceholder } from '../../functions/remediation/remediation-task-list.js';
export { ESCALATION_TOPIC_PLACEHOLDER } from '../../functions/remediation/remediation-task-list.js';

/** One Lambda task of the remediation state machine, as CDK builds it. */
export interface RemediationTaskSpec {
  /** Construct id of the function. */
  readonly id: string;
  /** Handler file under `functions/handlers/`, exporting `handler`. */
  readonly handlerFile: string;
  readonly access: TaskAccess;
}

/**
 * The remediation state machine's Lambda tasks, keyed by the ASL placeholder that receives each
 * function's ARN, derived from the task list the handlers and the sandbox share.
 */
export const REMEDIATION_TASKS = Object.fromEntries(
  REMEDIATION_TASK_LIST.map((task) => [task.placeholder, { id: task.constructId, handlerFile: `${task.name}.ts`, access: task.access }]),
) as Record<RemediationPlaceholder, RemediationTaskSpec>;

/** Every task placeholder, in declaration order. */
export const REMEDIATION_PLACEHOLDERS: readonly RemediationPlaceholder[] = REMEDIATION_TASK_LIST.map((task) => task.placeholder);
