import { AUDIT_KINDS } from '../core/audit.js';
import { holdRequestedBy } from '../core/hold-requested-by.js';
import type { HoldRecord } from '../core/holds.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState, type SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { leaseRenewal } from './lease-renewal.js';

/** What requesting a hold needs. */
export type RequestHoldDeps = Pick<TaskDeps, 'holds' | 'clock' | 'newId'>;

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
export async function requestHold(request: HoldRequest, deps: RequestHoldDeps): Promise<{ holdId: string }> {
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
  await deps.holds.put(
    hold,
    auditRecord(deps, {
      ...auditScope(state, 'braid:request-hold'),
      kind: AUDIT_KINDS.holdRequested,
      detail: { holdId: hold.holdId, kind, index, timeoutSeconds: op.approvals.timeoutSeconds, lastVerdict: state.gate },
    }),
    kind === 'approval' ? 'awaiting_approval' : 'paused',
    { epoch: lease.epoch, renewUntilMs: leaseRenewal(op, index, nowMs) },
  );
  return { holdId: hold.holdId };
}

/** The RequestHold task (a `.waitForTaskToken` task: the execution waits until a person decides). */
export const requestHoldTask: TaskCode<HoldRequest<RolloutState>, { holdId: string }, RequestHoldDeps> = {
  name: 'request-hold',
  run: (request, deps) => requestHold({ ...request, state: inPhase(request.state, ROLLOUT_PHASES.snapshotted) }, deps),
};
