import type { RemediationRunbook } from './runbook.js';

/** Whether a repair worked, or when to look again. */
export type ConvergenceVerdict =
  | { readonly verdict: 'converged'; readonly reason: string }
  | { readonly verdict: 'recheck'; readonly waitSeconds: number; readonly reason: string }
  | { readonly verdict: 'not_converged'; readonly reason: string };

/** What one look at the repaired target saw. */
export interface ConvergenceInput {
  readonly alarmState: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** When the alarm entered its current state. */
  readonly stateUpdatedMs: number;
  readonly nowMs: number;
  /** Looks done before this one. */
  readonly checks: number;
  readonly verify: RemediationRunbook['verify'];
}

/**
 * Judges one look after a repair. Converged: the alarm is OK and has been for the whole bake.
 * OK for less: look again when the bake is over. Not OK: look again after `recheckSeconds`
 * until `maxChecks` looks were made, then the repair did not converge.
 */
export function judgeConvergence(input: ConvergenceInput): ConvergenceVerdict {
  const { alarmState, stateUpdatedMs, nowMs, checks, verify } = input;
  const look = checks + 1;
  if (alarmState === 'OK') {
    const okForMs = nowMs - stateUpdatedMs;
    if (okForMs >= verify.bakeSeconds * 1000) {
      return { verdict: 'converged', reason: `The alarm has been OK for ${Math.floor(okForMs / 1000)} s (bake ${verify.bakeSeconds} s).` };
    }
    // A state timestamp ahead of our clock (skew) must not stretch the wait beyond one bake.
    const waitSeconds = Math.max(1, Math.min(verify.bakeSeconds, Math.ceil((verify.bakeSeconds * 1000 - okForMs) / 1000)));
    return {
      verdict: 'recheck',
      waitSeconds,
      reason: `The alarm is OK but only for ${Math.max(0, Math.floor(okForMs / 1000))} s of the ${verify.bakeSeconds} s bake; looking again in ${waitSeconds} s.`,
    };
  }
  if (look < verify.maxChecks) {
    return {
      verdict: 'recheck',
      waitSeconds: verify.recheckSeconds,
      reason: `The alarm is ${alarmState} at look ${look} of ${verify.maxChecks}; looking again in ${verify.recheckSeconds} s.`,
    };
  }
  return {
    verdict: 'not_converged',
    reason: `The alarm is still ${alarmState} after ${look} looks (at most ${verify.maxChecks}): the repair did not converge.`,
  };
}
