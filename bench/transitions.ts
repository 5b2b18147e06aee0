/**
 * Prints Step Functions state transitions (what Standard workflows bill) per rollout and per
 * rollout step, and the estimated cost per rollout, for the bundled scenarios and for a healthy
 * rollout with each CodeDeploy preset, counted by the sandbox as AWS counts them: one per state
 * entered, plus one per retry.
 *
 *   npm run bench            # or: npx tsx bench/transitions.ts [scenario.json ...]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../cli/commands/simulate.js';
import { CODEDEPLOY_PRESETS } from '../functions/core/strategy-presets.js';

/** States run once per traffic step (shift, bake, judge). */
const STEP_STATES = ['Decide', 'Route', 'ShiftWeight', 'Bake', 'Recheck'];
/** Decide + Route before the first step. */
const FIRST_DECISION = 2;
/** Standard workflows: USD per state transition beyond the free tier (us-east-1 list price). */
const USD_PER_TRANSITION = 0.000025;

/** The healthy example with each preset as its strategy, written to a scratch folder. */
function presetScenarios(dir: string): string[] {
  const healthy = JSON.parse(readFileSync('examples/healthy-canary.json', 'utf8')) as { name: string; targets: { strategy: unknown }[] };
  return Object.keys(CODEDEPLOY_PRESETS).map((preset) => {
    const file = join(dir, `${preset}.json`);
    healthy.name = `preset-${preset.toLowerCase()}`;
    healthy.targets[0]!.strategy = { preset };
    writeFileSync(file, JSON.stringify(healthy));
    return file;
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'braid-bench-'));
const files = process.argv.length > 2 ? process.argv.slice(2) : ['examples/healthy-canary.json', 'examples/faulty-canary.json', ...presetScenarios(scratch)];
process.env.BRAID_QUIET = '1';
const reports = await simulate(files);
rmSync(scratch, { recursive: true, force: true });

const rows = reports.flatMap((report) =>
  report.operations.map((operation) => {
    const byState = operation.stateTransitionsByState;
    const steps = byState.ShiftWeight ?? 0;
    // The first Decide + Route only plan the first step (nothing has baked yet): once per rollout.
    const inSteps = STEP_STATES.reduce((sum, state) => sum + (byState[state] ?? 0), 0) - (steps ? FIRST_DECISION : 0);
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
console.log(
  'fixed = prepare, lease, snapshot, the first Decide + Route, hooks, compensation, finish and the end states; usd at $0.000025 per transition, before the free tier.',
);
