import type { Retrier } from './asl-types.js';
import { matchesErrorEquals } from './states-error.js';

/**
 * The `Retry` field of one visit of a state: which retrier handles a failure and how long the
 * back-off before the next attempt is.
 *
 * The first retrier whose `ErrorEquals` matches decides; once its `MaxAttempts` are spent the
 * failure goes to `Catch` (later retriers are not tried). The back-off is
 * `IntervalSeconds × BackoffRate^n`, capped by `MaxDelaySeconds`, and under `JitterStrategy: FULL`
 * drawn uniformly from [0, delay] with the execution's seeded generator, so a replay waits the same.
 */
export class RetryPolicy {
  private readonly attempts: number[];
  private retries = 0;

  constructor(
    private readonly retriers: readonly Retrier[],
    private readonly random: () => number,
  ) {
    this.attempts = retriers.map(() => 0);
  }

  /** How many retries this visit has made (`$$.State.RetryCount`). */
  get retryCount(): number {
    return this.retries;
  }

  /** After a failed attempt: the back-off in ms before the next one, or undefined when the failure is not retried. */
  nextDelayMs(errorName: string): number | undefined {
    const index = this.retriers.findIndex((retrier) => matchesErrorEquals(retrier.ErrorEquals, errorName));
    const retrier = this.retriers[index];
    if (!retrier) return undefined;
    const attempts = this.attempts[index]!;
    if (attempts >= (retrier.MaxAttempts ?? 3)) return undefined;
    let delayMs = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempts * 1000;
    if (retrier.MaxDelaySeconds !== undefined) delayMs = Math.min(delayMs, retrier.MaxDelaySeconds * 1000);
    if (retrier.JitterStrategy === 'FULL') delayMs = Math.floor(this.random() * (delayMs + 1));
    this.attempts[index] = attempts + 1;
    this.retries += 1;
    return delayMs;
  }
}
