import { AUDIT_KINDS } from '../core/audit.js';
import { holdRequestedBy } from '../core/hold-requested-by.js';
import type { HoldRecord } from '../core/holds.js';
import type { RolloutState, SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, leaseRenewal, type TaskDeps } from './task-deps.js';

/** What the `.waitForTaskToken` task passes: the token that resumes the execution, and its state. */
export interface HoldRequest<S extends RolloutState = SnapshottedState> {
  readonly token: string;
  readonly state: S;
}

/**
 * Records that the rollout waits for a person, with the task token a decision (CLI, API) or the
 * gate watcher will use to resume it, and puts the operation in `awaiting_approval` or `paused`.
 * Returns at once; the execution waits until SendTaskSuccess/Failure or its timeout.
 */
export async function requestHold(request: HoldRequest, deps: TaskDeps): Promise<{ holdId: string }> {
  const { state, token } = request;
  const { op, lease } = state;
  const { kind, index } = holdRequestedBy(state);
  const nowMs = deps.clock.nowMs();
  const hold: HoldRecord = {
    holdId: deps.newId(),
    operationId: state.operationId,
    targetName: state.targetName,
    kind,
    index,
    token,
    status: 'pending',
    requestedAtMs: nowMs,
    expiresAtMs: nowMs + op.approvals.timeoutSeconds * 1000,
    gateAlarmNames: op.gateAlarmNames,
  };
  await deps.holds.putHold(
    hold,
    auditRecord(deps, {
      kind: AUDIT_KINDS.holdRequested,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:request-hold',
      epoch: lease.epoch,
      detail: { holdId: hold.holdId, kind, index, timeoutSeconds: op.approvals.timeoutSeconds, lastVerdict: state.gate },
    }),
    kind === 'approval' ? 'awaiting_approval' : 'paused',
    { epoch: lease.epoch, renewUntilMs: leaseRenewal(op, index, nowMs) },
  );
  return { holdId: hold.holdId };
}
