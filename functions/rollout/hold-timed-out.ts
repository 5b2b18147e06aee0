import { AUDIT_KINDS } from '../core/audit.js';
import { holdRequestedBy } from '../core/hold-requested-by.js';
import { HoldNotPendingError, HoldTimedOutError, type HoldOutcome } from '../core/holds.js';
import type { SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/**
 * Nobody decided within the approval timeout: records it, then applies the policy. An approval
 * point may be approved by timeout if the target says so; everything else is a no (roll back).
 */
export async function holdTimedOut(state: SnapshottedState, deps: TaskDeps): Promise<HoldOutcome> {
  const { op } = state;
  const { kind, index } = holdRequestedBy(state);
  const pending = (await deps.holds.listHolds(state.operationId)).filter((hold) => hold.status === 'pending').at(-1);
  if (pending) {
    try {
      await deps.holds.decideHold({
        hold: pending,
        status: 'timed_out',
        by: 'braid:timeout',
        atMs: deps.clock.nowMs(),
        audit: auditRecord(deps, {
          kind: AUDIT_KINDS.holdDecided,
          operationId: state.operationId,
          targetName: state.targetName,
          actor: 'braid:hold-timed-out',
          epoch: state.lease.epoch,
          detail: { holdId: pending.holdId, kind, index, status: 'timed_out', by: 'braid:timeout', policy: op.approvals.onTimeout },
        }),
      });
    } catch (error) {
      // A decision that landed just before the timeout fired is kept in the trail; the timeout still decides.
      if (!(error instanceof HoldNotPendingError)) throw error;
    }
  }
  if (kind === 'approval' && op.approvals.onTimeout === 'approve') return { kind, index, decision: 'approved', by: 'braid:timeout' };
  throw new HoldTimedOutError(kind, index, op.approvals.timeoutSeconds);
}
