import type { BreakerState } from './remediation-policy.js';

/**
 * The breaker after a repair's outcome. A converged repair clears the failure count but leaves
 * an open breaker open (only an operator closes it: one lucky repair does not prove the target
 * healthy); a failed one adds a failure and opens the breaker at `failuresToOpen`.
 * `justOpened` is true only for the failure that opened it, so one alert is sent, not one per failure.
 */
export function recordRepairOutcome(
  state: BreakerState,
  outcome: 'converged' | 'failed',
  policy: { readonly failuresToOpen: number },
  nowMs: number,
): BreakerState & { justOpened: boolean } {
  if (outcome === 'converged') {
    return { consecutiveFailures: 0, open: state.open, ...(state.openedAtMs !== undefined ? { openedAtMs: state.openedAtMs } : {}), justOpened: false };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (state.open) return { consecutiveFailures, open: true, ...(state.openedAtMs !== undefined ? { openedAtMs: state.openedAtMs } : {}), justOpened: false };
  if (consecutiveFailures >= policy.failuresToOpen) return { consecutiveFailures, open: true, openedAtMs: nowMs, justOpened: true };
  return { consecutiveFailures, open: false, justOpened: false };
}
