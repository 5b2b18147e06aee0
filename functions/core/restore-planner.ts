import { isWhole, sameRouting, toRoutingConfig, type AliasRouting, type AliasSnapshot } from './alias-state.js';
import { rolloutPlan, routingWeight, type RolloutStep } from './rollout-plan.js';
import type { RestoreDecision } from './rollout-state.js';

/**
 * Decides how to undo a rollout. The alias is put back to its snapshot only when its current
 * routing is one Braid itself set during this rollout; any other routing means another actor
 * changed it, and restoring blindly would fight them, so the operation is flagged for a human.
 */
export function planRestore(input: {
  snapshot: AliasRouting;
  current: AliasSnapshot;
  newVersion: string;
  plan: readonly RolloutStep[];
}): RestoreDecision {
  const { snapshot, current, newVersion } = input;
  if (sameRouting(current, snapshot)) return { action: 'none', reason: 'alias already on its snapshot' };
  const braidStates: AliasRouting[] = rolloutPlan(input.plan).map((step) =>
    step.weight === 100
      ? { functionVersion: newVersion, additionalVersionWeights: {} }
      : { functionVersion: snapshot.functionVersion, additionalVersionWeights: { [newVersion]: routingWeight(step.weight) } },
  );
  if (!braidStates.some((state) => sameRouting(state, current))) {
    return { action: 'flag', reason: `alias routing ${describeRouting(current)} was not set by this rollout; not restoring over another actor` };
  }
  return {
    action: 'restore',
    functionVersion: snapshot.functionVersion,
    routingConfig: toRoutingConfig(snapshot),
    revisionId: current.revisionId,
  };
}

/** `3` or `3 + 10% → 4`, for messages and timelines. */
export function describeRouting(routing: AliasRouting): string {
  if (isWhole(routing)) return routing.functionVersion;
  const extra = Object.entries(routing.additionalVersionWeights)
    .map(([version, weight]) => `${Math.round(weight * 1e4) / 100}% → ${version}`)
    .join(', ');
  return `${routing.functionVersion} + ${extra}`;
}
