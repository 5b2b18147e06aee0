import { leaseDurationMs } from '../core/lease.js';
import type { PreparedRollout } from '../core/rollout-state.js';

/** Until when the rollout's lease must hold from step `fromIndex` on (see `leaseDurationMs`). */
export function leaseRenewal(op: PreparedRollout, fromIndex: number, nowMs: number): number {
  return (
    nowMs +
    leaseDurationMs(op.plan, fromIndex, {
      holdTimeoutSeconds: op.approvals.timeoutSeconds,
      maxInconclusive: op.gate.maxInconclusive,
      recheckSeconds: op.gate.recheckSeconds,
    })
  );
}
