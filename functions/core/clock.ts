/**
 * The source of "now" for everything time-based in Braid's core and handlers.
 *
 * Injected rather than read from `Date.now()` so that the sandbox can run a 30-minute
 * canary on a virtual clock in seconds, and so that lease expiry is testable.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The wall clock, used on AWS. */
export const systemClock: Clock = { nowMs: () => Date.now() };
