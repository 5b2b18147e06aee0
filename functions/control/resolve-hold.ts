import { AUDIT_KINDS } from '../core/audit.js';
import { BraidError } from '../core/errors.js';
import { decideHold, NoPendingHoldError, type HoldOutcome, type HoldRecord } from '../core/holds.js';
import { requireWhoAndWhy } from '../core/operator-commands.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** The decision was recorded, but the execution no longer waited for it. */
export class DecisionNotDeliveredError extends BraidError {
  readonly code = 'Braid.DecisionNotDelivered';
  readonly fault = 'environment';

  constructor(hold: HoldRecord, cause: Error) {
    super(
      `The decision on operation ${hold.operationId} was recorded, but its rollout no longer waited for it (${cause.name}); it followed its timeout policy. See \`braid rollout history ${hold.operationId}\`.`,
      { cause },
    );
  }
}

/** A person's decision on the hold an operation waits on. */
export interface HoldDecisionRequest {
  readonly operationId: string;
  readonly decision: 'approve' | 'reject' | 'abort';
  /** Who decides, e.g. `alice@example.com` or `cli:alice`. */
  readonly by: string;
  /** Why: kept in the audit trail. */
  readonly reason: string;
}

/** What deciding a hold needs: the holds, the callbacks that resume executions, a clock and ids. */
export type ResolveHoldDeps = Pick<TaskDeps, 'holds' | 'callbacks' | 'clock' | 'newId'>;

/**
 * Approves or rejects the hold an operation waits on: the decision is written (with who, when
 * and why) before the execution is resumed, and only if the hold is still pending and not past
 * its timeout. Approving resumes the rollout; rejecting or aborting rolls it back.
 */
export async function resolveHold(request: HoldDecisionRequest, deps: ResolveHoldDeps): Promise<HoldRecord> {
  requireWhoAndWhy(request.decision, request);
  const hold = (await deps.holds.list(request.operationId)).filter((item) => item.status === 'pending').at(-1);
  if (!hold) throw new NoPendingHoldError(request.operationId);
  const nowMs = deps.clock.nowMs();
  const status = decideHold(hold, request.decision, nowMs);
  await deps.holds.decide({
    hold,
    status,
    by: request.by,
    reason: request.reason,
    atMs: nowMs,
    audit: {
      auditId: deps.newId(),
      kind: AUDIT_KINDS.holdDecided,
      operationId: hold.operationId,
      targetName: hold.targetName,
      atMs: nowMs,
      actor: `user:${request.by}`,
      detail: { holdId: hold.holdId, kind: hold.kind, index: hold.index, status, by: request.by, reason: request.reason },
    },
  });
  try {
    if (status === 'approved') {
      const outcome: HoldOutcome = { kind: hold.kind, index: hold.index, decision: 'approved', by: request.by, reason: request.reason };
      await deps.callbacks.succeed(hold.token, outcome);
    } else if (status === 'aborted') {
      await deps.callbacks.fail(hold.token, 'Braid.Aborted', `aborted by ${request.by}: ${request.reason}`);
    } else {
      await deps.callbacks.fail(hold.token, 'Braid.Rejected', `rejected by ${request.by}: ${request.reason}`);
    }
  } catch (error) {
    // Step Functions had already timed the wait out (or stopped the execution): the decision is in
    // the trail, but the rollout followed its timeout policy instead.
    if (error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'TaskDoesNotExist' || error.name === 'InvalidToken')) {
      throw new DecisionNotDeliveredError(hold, error);
    }
    throw error;
  }
  return { ...hold, status, decidedBy: request.by, reason: request.reason, decidedAtMs: nowMs };
}
