import { toRoutingConfig, type AliasRouting } from './alias-state.js';
import { rolloutPlan, routingWeight, type RolloutStep } from './rollout-plan.js';

/** A traffic step as planned: the alias routing to apply and how long the step bakes. */
export interface PlannedShift extends Pick<AliasRouting, 'functionVersion'> {
  action: 'shift' | 'promote';
  index: number;
  weight: number;
  bakeSeconds: number;
  /** The first wait of the bake: all of it, or one gate check interval. */
  firstWaitSeconds: number;
  routingConfig: { AdditionalVersionWeights: Record<string, number> };
  /** When the step was planned (its weight is applied right after): the start of its gate's window. */
  startedAtMs: number;
}

/** The next step of a rollout: the shift to apply, or that the plan is complete. */
export type ShiftDecision = PlannedShift | { action: 'complete'; index: number };

/**
 * Decides the alias routing of the step after `previousIndex` (-1 before the first step).
 * Shifts keep the alias's primary version and route `weight`% to the new one; the 100% step
 * promotes (primary = new version, routing cleared); past the last step the plan is complete.
 */
export function planNextShift(input: {
  plan: readonly RolloutStep[];
  previousIndex: number;
  primaryVersion: string;
  newVersion: string;
  nowMs: number;
  /** Look at the gate this often during a bake; 0 waits the whole bake. @default 0 */
  checkIntervalSeconds?: number;
}): ShiftDecision {
  const index = input.previousIndex + 1;
  const plan = rolloutPlan(input.plan);
  const step = plan[index];
  if (!step) return { action: 'complete', index };
  const interval = input.checkIntervalSeconds ?? 0;
  const firstWaitSeconds = interval > 0 ? Math.min(interval, step.bakeSeconds) : step.bakeSeconds;
  if (step.weight === 100) {
    return {
      action: 'promote',
      index,
      weight: 100,
      bakeSeconds: step.bakeSeconds,
      firstWaitSeconds,
      startedAtMs: input.nowMs,
      functionVersion: input.newVersion,
      routingConfig: toRoutingConfig({ functionVersion: input.newVersion, additionalVersionWeights: {} }),
    };
  }
  return {
    action: 'shift',
    index,
    weight: step.weight,
    bakeSeconds: step.bakeSeconds,
    firstWaitSeconds,
    startedAtMs: input.nowMs,
    functionVersion: input.primaryVersion,
    routingConfig: toRoutingConfig({
      functionVersion: input.primaryVersion,
      additionalVersionWeights: { [input.newVersion]: routingWeight(step.weight) },
    }),
  };
}
