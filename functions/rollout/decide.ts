import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { inPhase, ROLLOUT_PHASES, type GateOutcome, type RolloutState, type SnapshottedState } from '../core/rollout-state.js';
import type { TaskCode } from '../kernel/task-code.js';
import { evaluateGate, type EvaluateGateDeps } from './evaluate-gate.js';
import { planShift, type PlanShiftDeps } from './plan-shift.js';

/** What a decision needs: judging the step, and planning the next. */
export type DecideDeps = EvaluateGateDeps & PlanShiftDeps;

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
export async function decide(state: SnapshottedState, deps: DecideDeps): Promise<Decided> {
  const { shift } = state;
  const nextIndex = (shift?.index ?? -1) + 1;
  const approvedNext = state.hold?.kind === 'approval' && state.hold.index === nextIndex && (!shift || state.gate?.next === 'hold');
  const judging = shift !== undefined && shift.action !== 'complete' && !approvedNext;
  if (!judging) return planNext(state, state.gate, deps);
  const gate = await evaluateGate(state, shift, deps);
  if (gate.next !== 'advance') return { ...state, gate, route: gate.next };
  return planNext(state, gate, deps);
}

async function planNext(state: SnapshottedState, gate: GateOutcome | undefined, deps: DecideDeps): Promise<Decided> {
  const planned = await planShift({ ...state, gate }, deps);
  return { ...state, gate, shift: planned, route: planned.action === 'complete' ? 'complete' : 'shift' };
}

/** A decision's business metrics: a fresh verdict of the step (not a look during its bake), and how long the step just left lasted. */
function recordDecisionMetrics(result: Decided, metrics: Metrics, state: RolloutState): void {
  if (result.gate && result.gate !== state.gate && !result.gate.interim) {
    metrics.addDimension('verdict', result.gate.verdict);
    metrics.addMetric('GateVerdicts', MetricUnit.Count, 1);
  }
  const previous = state.shift && 'startedAtMs' in state.shift ? state.shift.startedAtMs : undefined;
  const started = result.shift !== state.shift && result.shift && 'startedAtMs' in result.shift ? result.shift.startedAtMs : undefined;
  if (previous !== undefined && started !== undefined) {
    // Dimensions are cleared per metric set: the step duration stands alone.
    metrics.publishStoredMetrics();
    metrics.addMetric('StepDuration', MetricUnit.Seconds, (started - previous) / 1000);
  }
}

/** The Decide task. */
export const decideTask: TaskCode<RolloutState, Decided, DecideDeps> = {
  name: 'decide',
  run: (state, deps) => decide(inPhase(state, ROLLOUT_PHASES.snapshotted), deps),
  recordMetrics: recordDecisionMetrics,
};
