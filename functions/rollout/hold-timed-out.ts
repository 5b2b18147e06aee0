import { AUDIT_KINDS } from '../core/audit.js';
import { holdRequestedBy } from '../core/hold-requested-by.js';
import { HoldNotPendingError, HoldTimedOutError, type HoldOutcome } from '../core/holds.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState, type SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What applying a hold's timeout needs. */
export type HoldTimedOutDeps = Pick<TaskDeps, 'holds' | 'clock' | 'newId'>;

/**
 * Nobody decided within the approval timeout: records it, then applies the policy. An approval
 * point may be approved by timeout if the target says so; everything else is a no (roll back).
 */
export async function holdTimedOut(state: SnapshottedState, deps: HoldTimedOutDeps): Promise<HoldOutcome> {
  const { op } = state;
  const { kind, index } = holdRequestedBy(state);
  const pending = (await deps.holds.list(state.operationId)).filter((hold) => hold.status === 'pending').at(-1);
  if (pending) {
    try {
      await deps.holds.decide({
        hold: pending,
        status: 'timed_out',
        by: 'braid:timeout',
        atMs: deps.clock.nowMs(),
        audit: auditRecord(deps, {
          ...auditScope(state, 'braid:hold-timed-out'),
          kind: AUDIT_KINDS.holdDecided,
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

/** The HoldTimedOut task. */
export const holdTimedOutTask: TaskCode<RolloutState, HoldOutcome, HoldTimedOutDeps> = {
  name: 'hold-timed-out',
  run: (state, deps) => holdTimedOut(inPhase(state, ROLLOUT_PHASES.snapshotted), deps),
};
