import { describe, expect, it } from 'vitest';
import { refill, takeToken } from '../../../../functions/core/remediation/token-bucket.js';

const policy = { capacity: 3, refillSeconds: 3600 };
const HOUR = 3_600_000;

describe('refill', () => {
  it('starts full', () => {
    expect(refill(undefined, policy, 5_000)).toEqual({ tokens: 3, updatedAtMs: 5_000 });
  });

  it('adds nothing before a whole period has passed', () => {
    expect(refill({ tokens: 0, updatedAtMs: 0 }, policy, HOUR - 1)).toEqual({ tokens: 0, updatedAtMs: 0 });
  });

  it('adds one token per whole period and keeps the part of a period already waited', () => {
    expect(refill({ tokens: 0, updatedAtMs: 0 }, policy, HOUR)).toEqual({ tokens: 1, updatedAtMs: HOUR });
    expect(refill({ tokens: 0, updatedAtMs: 0 }, policy, 2 * HOUR + 59_000)).toEqual({ tokens: 2, updatedAtMs: 2 * HOUR });
  });

  it('refills as fast when read often as when read once', () => {
    let state = { tokens: 0, updatedAtMs: 0 };
    for (let atMs = 0; atMs <= 2 * HOUR; atMs += 7 * 60_000) state = refill(state, policy, atMs);
    expect(state).toEqual(refill({ tokens: 0, updatedAtMs: 0 }, policy, 2 * HOUR - ((2 * HOUR) % (7 * 60_000))));
    expect(state.tokens).toBe(1);
    expect(refill(state, policy, 2 * HOUR).tokens).toBe(2);
  });

  it('caps at capacity, where waiting earns nothing more', () => {
    expect(refill({ tokens: 2, updatedAtMs: 0 }, policy, 10 * HOUR + 5)).toEqual({ tokens: 3, updatedAtMs: 10 * HOUR + 5 });
    expect(refill({ tokens: 7, updatedAtMs: 0 }, policy, 1)).toEqual({ tokens: 3, updatedAtMs: 1 });
  });

  it('adds nothing when the clock went backwards', () => {
    expect(refill({ tokens: 1, updatedAtMs: 10 * HOUR }, policy, 2 * HOUR)).toEqual({ tokens: 1, updatedAtMs: 10 * HOUR });
  });
});

describe('takeToken', () => {
  it('grants from a bucket never used and leaves capacity - 1', () => {
    expect(takeToken(undefined, policy, 1_000)).toEqual({ granted: true, next: { tokens: 2, updatedAtMs: 1_000 } });
  });

  it('grants capacity tokens in a burst, then refuses until the next refill', () => {
    let state = takeToken(undefined, policy, 0).next;
    state = takeToken(state, policy, 10).next;
    const third = takeToken(state, policy, 20);
    expect(third).toEqual({ granted: true, next: { tokens: 0, updatedAtMs: 0 } });
    expect(takeToken(third.next, policy, 30)).toEqual({ granted: false, next: { tokens: 0, updatedAtMs: 0 }, retryAtMs: HOUR });
    expect(takeToken(third.next, policy, HOUR - 1).granted).toBe(false);
    expect(takeToken(third.next, policy, HOUR)).toEqual({ granted: true, next: { tokens: 0, updatedAtMs: HOUR } });
  });

  it('counts the next refill from the last whole period, not from the refusal', () => {
    const refused = takeToken({ tokens: 0, updatedAtMs: 0 }, { capacity: 1, refillSeconds: 60 }, 59_999);
    expect(refused).toEqual({ granted: false, next: { tokens: 0, updatedAtMs: 0 }, retryAtMs: 60_000 });
  });

  it('restarts the refill clock when a token is taken from a full bucket', () => {
    expect(takeToken({ tokens: 3, updatedAtMs: 0 }, policy, 5 * HOUR + 17)).toEqual({ granted: true, next: { tokens: 2, updatedAtMs: 5 * HOUR + 17 } });
  });
});
