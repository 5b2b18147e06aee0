import type { SeededRandom } from '../random.js';

/** One element of a state's `Retry` field. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'NONE' | 'FULL';
}

/** The failure of one attempt, as the interpreter matches it. */
export interface AttemptFailure {
  readonly name: string;
  readonly isRetryable?: boolean;
  /** `States.TaskFailed` matches every error but a timeout. */
  readonly isTimeout: boolean;
}

interface StateRetries {
  readonly attempts: number[];
  pendingDelayMs: number;
}

/**
 * The retry back-off of Task states, slept on the virtual clock.
 *
 * The interpreter is told to retry without pausing (`retryIntervalOverrides: 0`); this tracker
 * makes the same decision it makes (first retrier whose `ErrorEquals` matches; none once that
 * retrier's `MaxAttempts` is spent) and owes the next attempt the back-off AWS would wait:
 * `IntervalSeconds × BackoffRate^n`, capped by `MaxDelaySeconds`, drawn uniformly from [0, delay]
 * under `JitterStrategy: FULL` with the execution's seeded generator.
 */
export class RetryTracker {
  private readonly states = new Map<string, StateRetries>();

  constructor(private readonly random: SeededRandom) {}

  /** The back-off owed before this attempt of `stateName` (0 for a first attempt); clears it. */
  takeDelayMs(stateName: string): number {
    const entry = this.states.get(stateName);
    if (!entry) return 0;
    const delayMs = entry.pendingDelayMs;
    entry.pendingDelayMs = 0;
    return delayMs;
  }

  /** Forgets `stateName`'s attempts: its next entry starts counting afresh. */
  recordSuccess(stateName: string): void {
    this.states.delete(stateName);
  }

  /** Records a failed attempt; true when the interpreter will retry it. */
  recordFailure(stateName: string, retriers: readonly Retrier[] | undefined, failure: AttemptFailure): boolean {
    const entry = this.states.get(stateName) ?? { attempts: (retriers ?? []).map(() => 0), pendingDelayMs: 0 };
    const index = (retriers ?? []).findIndex((retrier) => retrier.ErrorEquals.some((name) => matches(name, failure)));
    const retrier = retriers?.[index];
    const attempts = entry.attempts[index] ?? 0;
    if (!retrier || failure.isRetryable === false || attempts >= (retrier.MaxAttempts ?? 3)) {
      this.states.delete(stateName);
      return false;
    }
    let delayMs = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempts * 1000;
    if (retrier.MaxDelaySeconds) delayMs = Math.min(delayMs, retrier.MaxDelaySeconds * 1000);
    if (retrier.JitterStrategy === 'FULL') delayMs = Math.floor(this.random.next() * (delayMs + 1));
    entry.attempts[index] = attempts + 1;
    entry.pendingDelayMs = delayMs;
    this.states.set(stateName, entry);
    return true;
  }
}

function matches(errorEquals: string, failure: AttemptFailure): boolean {
  if (errorEquals === 'States.ALL') return true;
  if (errorEquals === 'States.TaskFailed') return !failure.isTimeout;
  return errorEquals === failure.name;
}
