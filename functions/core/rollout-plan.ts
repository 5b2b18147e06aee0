import type { InputIssue } from './errors.js';

/** One traffic step of a rollout: send `weight` percent to the new version, then bake. */
export interface RolloutStep {
  /** Whole percent of traffic on the new version, 1 to 100 (as CodeDeploy's configs). 100 is the promotion. */
  readonly weight: number;
  /** How long to observe the step before its gate is judged, in seconds. */
  readonly bakeSeconds: number;
  /** Ask a person before applying this step (step 0: before start; the 100% step: before promotion). @default false */
  readonly approval?: boolean;
}

/** Step Functions Standard executions last at most one year. */
export const MAX_ROLLOUT_SECONDS = 365 * 24 * 3600;

/** Lists every problem in a list of steps; empty when the steps are valid. */
export function validateSteps(steps: readonly RolloutStep[], path = 'steps'): InputIssue[] {
  const issues: InputIssue[] = [];
  if (steps.length === 0) issues.push({ path, message: 'needs at least one step' });
  let previous = 0;
  let total = 0;
  steps.forEach((step, index) => {
    const at = `${path}[${index}]`;
    if (!Number.isInteger(step.weight) || step.weight < 1 || step.weight > 100) {
      issues.push({ path: `${at}.weight`, message: `must be a whole percentage from 1 to 100, got ${step.weight}` });
    } else if (step.weight <= previous) {
      issues.push({ path: `${at}.weight`, message: `must be greater than the previous step's ${previous}, got ${step.weight}` });
    } else {
      previous = step.weight;
    }
    if (!Number.isInteger(step.bakeSeconds) || step.bakeSeconds < 0) {
      issues.push({ path: `${at}.bakeSeconds`, message: `must be a whole number of seconds >= 0, got ${step.bakeSeconds}` });
    } else {
      total += step.bakeSeconds;
    }
  });
  if (total > MAX_ROLLOUT_SECONDS) {
    issues.push({ path, message: `bakes add up to ${total} s, more than a Step Functions execution may last (${MAX_ROLLOUT_SECONDS} s)` });
  }
  return issues;
}

/**
 * The steps the rollout walks through: the declared ones, ending with the promotion to 100%.
 * When the strategy does not end at 100%, promotion follows its last step with no bake.
 */
export function rolloutPlan(steps: readonly RolloutStep[]): Required<RolloutStep>[] {
  const plan = steps.map((step) => ({ ...step, approval: step.approval ?? false }));
  if (plan.at(-1)?.weight !== 100) plan.push({ weight: 100, bakeSeconds: 0, approval: false });
  return plan;
}

/** Lambda routing weight (a fraction in [0, 1]) for a percentage, without float noise. */
export function routingWeight(percent: number): number {
  return Math.round(percent * 1e4) / 1e6;
}

/** Sum of every bake in a plan, in seconds. */
export function plannedSeconds(steps: readonly RolloutStep[]): number {
  return steps.reduce((sum, step) => sum + step.bakeSeconds, 0);
}
