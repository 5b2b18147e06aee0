/** A failure to inject into one of Braid's task functions in the sandbox. */
export interface TaskFault {
  /** The error name Step Functions will see, e.g. `Error` (a crash) or `Lambda.ServiceException` (transient). */
  readonly errorName: string;
  readonly message: string;
  /** How many invocations fail before the task works again. @default 1 */
  readonly times?: number;
  /** How many invocations succeed before the first failure. @default 0 */
  readonly after?: number;
}

/**
 * Faults injected into the sandbox's task functions, by task name (`evaluate-gate`, …): the next
 * invocations throw instead of running, as a crashed or throttled Lambda would.
 */
export class TaskFaults {
  private readonly pending = new Map<string, { fault: TaskFault; left: number; spare: number }>();

  inject(taskName: string, fault: TaskFault): void {
    this.pending.set(taskName, { fault, left: fault.times ?? 1, spare: fault.after ?? 0 });
  }

  /** Throws the task's injected fault, if one is left. */
  strike(taskName: string): void {
    const entry = this.pending.get(taskName);
    if (!entry || entry.left <= 0) return;
    if (entry.spare > 0) {
      entry.spare -= 1;
      return;
    }
    entry.left -= 1;
    throw Object.assign(new Error(entry.fault.message), { name: entry.fault.errorName });
  }
}
