import type { TaskAccess, TaskInfo } from '../../functions/kernel/task-info.js';

/** One Lambda task of a state machine, as CDK builds it. */
export interface TaskSpec {
  /** Construct id of the function. */
  readonly id: string;
  /** Handler file under `functions/handlers/`, exporting `handler`. */
  readonly handlerFile: string;
  readonly access: TaskAccess;
}

/**
 * A state machine's Lambda tasks, keyed by the ASL placeholder that receives each function's
 * ARN, derived from the task list the handlers and the sandbox share.
 */
export function tasksByPlaceholder<T extends TaskInfo>(list: readonly T[]): Record<T['placeholder'], TaskSpec> {
  return Object.fromEntries(list.map((task) => [task.placeholder, { id: task.constructId, handlerFile: task.entry, access: task.access }])) as Record<
    T['placeholder'],
    TaskSpec
  >;
}
