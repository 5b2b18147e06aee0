import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../local/random.js';
import { RetryPolicy } from '../../../local/stepfunctions/retry-policy.js';

const never = (): number => {
  throw new Error('no jitter expected');
};

describe('RetryPolicy', () => {
  it('backs off IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds, for MaxAttempts retries', () => {
    const policy = new RetryPolicy([{ ErrorEquals: ['Busy'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 15, MaxAttempts: 4 }], never);
    expect([1, 2, 3, 4, 5].map(() => policy.nextDelayMs('Busy'))).toEqual([2000, 6000, 15_000, 15_000, undefined]);
    expect(policy.retryCount).toBe(4);
  });

  it('defaults to 3 attempts, 1 s and a rate of 2', () => {
    const policy = new RetryPolicy([{ ErrorEquals: ['States.ALL'] }], never);
    expect([1, 2, 3, 4].map(() => policy.nextDelayMs('Anything'))).toEqual([1000, 2000, 4000, undefined]);
  });

  it('lets the first matching retrier decide, and does not fall through once it is spent', () => {
    const policy = new RetryPolicy(
      [
        { ErrorEquals: ['Busy'], IntervalSeconds: 5, MaxAttempts: 1 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 5 },
      ],
      never,
    );
    expect(policy.nextDelayMs('Busy')).toBe(5000);
    expect(policy.nextDelayMs('Other')).toBe(1000);
    expect(policy.nextDelayMs('Busy')).toBeUndefined();
    expect(policy.nextDelayMs('Other')).toBe(2000);
  });

  it('never retries with MaxAttempts 0, nor errors no retrier names, nor States.Runtime', () => {
    expect(new RetryPolicy([{ ErrorEquals: ['Busy'], MaxAttempts: 0 }], never).nextDelayMs('Busy')).toBeUndefined();
    expect(new RetryPolicy([{ ErrorEquals: ['Busy'] }], never).nextDelayMs('Other')).toBeUndefined();
    expect(new RetryPolicy([{ ErrorEquals: ['States.ALL'] }], never).nextDelayMs('States.Runtime')).toBeUndefined();
  });

  it('draws FULL jitter uniformly from [0, delay] with the seeded generator: the same seed gives the same waits', () => {
    const retrier = { ErrorEquals: ['Busy'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' as const };
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      const policy = new RetryPolicy([retrier], () => random.next());
      return [1, 2, 3].map(() => policy.nextDelayMs('Busy')!);
    };
    const waits = draw(42);
    expect(waits[0]).toBeLessThanOrEqual(10_000);
    expect(waits[1]).toBeLessThanOrEqual(20_000);
    expect(waits[2]).toBeLessThanOrEqual(40_000);
    expect(waits).not.toEqual([10_000, 20_000, 40_000]);
    expect(draw(42)).toEqual(waits);
    expect(draw(43)).not.toEqual(waits);
  });
});
