/** A rate-limit bucket as stored: whole tokens left, and the time up to which refills are counted. */
export interface BucketState {
  readonly tokens: number;
  /** Refills are counted from here; it only moves by whole refill periods (or to now once full). */
  readonly updatedAtMs: number;
}

/** At most `capacity` repairs in a burst, then one more every `refillSeconds`. */
export interface BucketPolicy {
  readonly capacity: number;
  readonly refillSeconds: number;
}

/**
 * The bucket at `nowMs`: one token per whole refill period since `updatedAtMs`, up to capacity.
 * A bucket never used is full. The part of a period not yet complete is kept (so polling often
 * does not slow refills down), except when the bucket is full, where waiting earns nothing.
 * A clock that went backwards adds nothing.
 */
export function refill(state: BucketState | undefined, policy: BucketPolicy, nowMs: number): BucketState {
  if (!state) return { tokens: policy.capacity, updatedAtMs: nowMs };
  const periodMs = policy.refillSeconds * 1000;
  const periods = nowMs > state.updatedAtMs ? Math.floor((nowMs - state.updatedAtMs) / periodMs) : 0;
  const tokens = Math.min(policy.capacity, state.tokens + periods);
  if (tokens >= policy.capacity) return { tokens, updatedAtMs: Math.max(nowMs, state.updatedAtMs) };
  return { tokens, updatedAtMs: state.updatedAtMs + periods * periodMs };
}

/** Takes one token if there is one; otherwise says when the next one comes. Either way `next` is the bucket to store. */
export function takeToken(
  state: BucketState | undefined,
  policy: BucketPolicy,
  nowMs: number,
): { granted: true; next: BucketState } | { granted: false; next: BucketState; retryAtMs: number } {
  const current = refill(state, policy, nowMs);
  if (current.tokens >= 1) return { granted: true, next: { tokens: current.tokens - 1, updatedAtMs: current.updatedAtMs } };
  return { granted: false, next: current, retryAtMs: current.updatedAtMs + policy.refillSeconds * 1000 };
}
