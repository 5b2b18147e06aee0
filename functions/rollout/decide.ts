import type { GateOutcome, RolloutState, SnapshottedState } from '../core/rollout-state.js';
import { evaluateGate } from './evaluate-gate.js';
import { planShift } from './plan-shift.js';
import type { TaskDeps } from './task-deps.js';

/** Where the rollout goes after a decision: one Choice routes on it. */
export type Route = 'shift' | 'complete' | 'recheck' | 'hold' | 'rollback';

/** The state after a decision, with its route. */
export type Decided = RolloutState & { route: Route };

/**
 * One step of the rollout loop, in one Lambda so a traffic step costs three state transitions
 * outside its waits (Decide, Route, ShiftWeight): judges the step that just baked (or is being
 * looked at again) and, when it may advance, plans and audits the next shift. Right after an
 * approval point is approved there is nothing to judge: the step it approved is planned.
 * Returns the whole state (the Task's result replaces it), so every field is kept.
 */
export async function decide(state: SnapshottedState, deps: TaskDeps): Promise<Decided> {
  const { shift } = state;
  const nextIndex = (shift?.index ?? -1) + 1;
  const approvedNext = state.hold?.kind === 'approval' && state.hold.index === nextIndex && (!shift || state.gate?.next === 'hold');
  const judging = shift !== undefined && shift.action !== 'complete' && !approvedNext;
  if (!judging) return planNext(state, state.gate, deps);
  const gate = await evaluateGate(state, shift, deps);
  if (gate.next !== 'advance') return { ...state, gate, route: gate.next };
  return planNext(state, gate, deps);
}

async function planNext(state: SnapshottedState, gate: GateOutcome | undefined, deps: TaskDeps): Promise<Decided> {
  const planned = await planShift({ ...state, gate }, deps);
  return { ...state, gate, shift: planned, route: planned.action === 'complete' ? 'complete' : 'shift' };
}
