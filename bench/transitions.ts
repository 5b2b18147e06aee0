/**
 * Prints Step Functions state transitions (what Standard workflows bill) per rollout and per
 * rollout step for the bundled scenarios, counted by the sandbox as AWS counts them: one per
 * state entered, plus one per retry.
 *
 *   npm run bench            # or: npx tsx bench/transitions.ts [scenario.json ...]
 */
import { simulate } from '../cli/commands/simulate.js';

/** States run once per traffic step (shift, bake, judge). */
const STEP_STATES = ['PlanShift', 'HasNextStep', 'ShiftWeight', 'Bake', 'EvaluateGate', 'AfterGate', 'Recheck'];
/** Standard workflows: USD per state transition beyond the free tier (us-east-1 list price). */
const USD_PER_TRANSITION = 0.000025;

const files = process.argv.length > 2 ? process.argv.slice(2) : ['examples/healthy-canary.json', 'examples/faulty-canary.json'];
process.env.BRAID_QUIET = '1';
const reports = await simulate(files);

const rows = reports.flatMap((report) =>
  report.operations.map((operation) => {
    const byState = operation.stateTransitionsByState;
    const steps = byState.ShiftWeight ?? 0;
    const inSteps = STEP_STATES.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
    return {
      scenario: report.scenario.name,
      outcome: operation.status,
      steps,
      perRollout: operation.stateTransitions,
      perStep: steps ? +(inSteps / steps).toFixed(2) : 0,
      perStepOutsideWaits: steps ? +((inSteps - (byState.Bake ?? 0) - (byState.Recheck ?? 0)) / steps).toFixed(2) : 0,
      fixed: operation.stateTransitions - inSteps,
      usdPerRollout: +(operation.stateTransitions * USD_PER_TRANSITION).toFixed(6),
    };
  }),
);
console.table(rows);
console.log(`steps = alias updates applied (shift or promotion); perStep counts ${STEP_STATES.join(', ')};`);
console.log('fixed = prepare, lease, snapshot, compensation, finish and the end states; usd at $0.000025 per transition, before the free tier.');
