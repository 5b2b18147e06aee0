import { AUDIT_KINDS } from '../core/audit.js';
import { AliasStateError } from '../core/errors.js';
import type { SnapshottedState } from '../core/rollout-state.js';
import { planNextShift, type ShiftDecision } from '../core/shift-planner.js';
import { auditScope, writeFencedAudit } from '../kernel/task-audit.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { leaseRenewal } from './lease-renewal.js';

/** What planning a shift needs. */
export type PlanShiftDeps = Pick<TaskDeps, 'audit' | 'clock' | 'newId'>;

/**
 * Decides the next alias routing and, behind the lease fence, records the intent before the
 * state machine applies it (I3). Refuses to go on unless the previous step's gate passed (I5).
 */
export async function planShift(state: SnapshottedState, deps: PlanShiftDeps): Promise<ShiftDecision> {
  const { op, alias } = state;
  const currentIndex = state.shift?.index ?? -1;
  if (currentIndex >= 0 && (state.gate?.index !== currentIndex || state.gate.verdict !== 'pass' || state.gate.interim)) {
    throw new AliasStateError(`Step ${currentIndex + 1} has no passing gate verdict; refusing to shift further.`);
  }
  // `promote --full`: straight to the last step (the promotion), once the current step has passed.
  const previousIndex = state.gate?.command?.action === 'promote_full' ? Math.max(currentIndex, op.plan.length - 2) : currentIndex;
  const decision = planNextShift({
    plan: op.plan,
    previousIndex,
    primaryVersion: alias.functionVersion,
    newVersion: state.newVersion,
    nowMs: deps.clock.nowMs(),
    checkIntervalSeconds: op.gate.checkIntervalSeconds,
  });
  if (decision.action === 'complete') return decision;
  if (op.plan[decision.index]?.approval && !(state.hold?.kind === 'approval' && state.hold.index === decision.index)) {
    throw new AliasStateError(`Step ${decision.index + 1} needs an approval that was not given; refusing to shift.`);
  }
  await writeFencedAudit(
    deps,
    auditScope(state, 'braid:plan-shift'),
    AUDIT_KINDS.aliasShiftIntended,
    {
      step: decision.index,
      action: decision.action,
      weight: decision.weight,
      functionVersion: decision.functionVersion,
      additionalVersionWeights: decision.routingConfig.AdditionalVersionWeights,
      fromRevisionId: alias.revisionId,
    },
    {
      operationChanges: {
        currentStep: decision.index,
        currentWeight: decision.weight,
        stepStartedAtMs: decision.startedAtMs,
        stepBakeSeconds: decision.bakeSeconds,
        updatedAtMs: deps.clock.nowMs(),
      },
      renewUntilMs: leaseRenewal(op, decision.index, deps.clock.nowMs()),
    },
  );
  return decision;
}
