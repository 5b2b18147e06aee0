import { isWhole, sameRouting, toRoutingConfig, type AliasRouting, type AliasSnapshot } from './alias-state.js';
import { rolloutPlan, routingWeight, type RolloutStep } from './rollout-plan.js';
import type { InputIssue } from './errors.js';

/** What compensation (the CompensateRollout state) decided: restore the alias, leave it, or flag the operation. */
export type RestoreDecision =
  | {
      action: 'restore';
      functionVersion: string;
      routingConfig: { AdditionalVersionWeights: Record<string, number> };
      revisionId: string;
      /** False for the intermediate steps of a gradual rollback: wait `waitSeconds`, then plan the next. */
      final: boolean;
      waitSeconds: number;
      /** Where a gradual rollback started and which of its steps this is. */
      progress: { fromWeight: number; step: number };
    }
  | { action: 'none'; reason: string }
  | { action: 'flag'; reason: string };

/** How a rollback moves traffic back: at once, or in steps. */
export interface RollbackPolicy {
  /** Intermediate steps between the current weight and the snapshot; 0 restores at once. @default 0 */
  readonly gradualSteps: number;
  /** Wait between the steps of a gradual rollback, in seconds. @default 60 */
  readonly stepSeconds: number;
}

/** The defaults of every rollback policy field. */
export const DEFAULT_ROLLBACK_POLICY: RollbackPolicy = { gradualSteps: 0, stepSeconds: 60 };

/** A policy with the fields the registry left out taken from the defaults. */
export function resolveRollbackPolicy(partial: Partial<RollbackPolicy> | undefined): RollbackPolicy {
  return { ...DEFAULT_ROLLBACK_POLICY, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) };
}

/** Lists every problem in a (partial) rollback policy; empty when valid. */
export function validateRollbackPolicy(policy: Partial<RollbackPolicy>, path = 'rollbackPolicy'): InputIssue[] {
  const issues: InputIssue[] = [];
  if (policy.gradualSteps !== undefined && (!Number.isInteger(policy.gradualSteps) || policy.gradualSteps < 0 || policy.gradualSteps > 10)) {
    issues.push({ path: `${path}.gradualSteps`, message: `must be a whole number from 0 (restore at once) to 10, got ${String(policy.gradualSteps)}` });
  }
  if (policy.stepSeconds !== undefined && (!Number.isInteger(policy.stepSeconds) || policy.stepSeconds < 10 || policy.stepSeconds > 3600)) {
    issues.push({ path: `${path}.stepSeconds`, message: `must be a whole number of seconds from 10 to 3600, got ${String(policy.stepSeconds)}` });
  }
  return issues;
}

/**
 * Decides how to undo a rollout. The alias is put back to its snapshot only when its current
 * routing is one Braid itself set during this rollout (the revision of Braid's last write, or a
 * routing of its plan); any other routing means another actor changed it, and restoring blindly
 * would fight them, so the operation is flagged for a human. A gradual rollback lowers the new
 * version's share in `gradualSteps` even steps before the snapshot.
 */
export function planRestore(input: {
  snapshot: AliasRouting;
  current: AliasSnapshot;
  newVersion: string;
  plan: readonly RolloutStep[];
  /** The RevisionId of Braid's own last alias update in this rollout. */
  lastRevisionId?: string;
  rollback?: RollbackPolicy;
  /** The previous step of a gradual rollback in progress. */
  progress?: { fromWeight: number; step: number };
}): RestoreDecision {
  const { snapshot, current, newVersion } = input;
  const rollback = input.rollback ?? DEFAULT_ROLLBACK_POLICY;
  if (sameRouting(current, snapshot)) return { action: 'none', reason: 'alias already on its snapshot' };
  const braidStates: AliasRouting[] = rolloutPlan(input.plan).map((step) =>
    step.weight === 100
      ? { functionVersion: newVersion, additionalVersionWeights: {} }
      : { functionVersion: snapshot.functionVersion, additionalVersionWeights: { [newVersion]: routingWeight(step.weight) } },
  );
  const setByBraid = current.revisionId === input.lastRevisionId || braidStates.some((state) => sameRouting(state, current));
  if (!setByBraid) {
    return { action: 'flag', reason: `alias routing ${describeRouting(current)} was not set by this rollout; not restoring over another actor` };
  }
  const fromWeight = input.progress?.fromWeight ?? newVersionShare(current, newVersion);
  const step = (input.progress?.step ?? 0) + 1;
  const final = step > rollback.gradualSteps;
  const target: AliasRouting = final
    ? snapshot
    : {
        functionVersion: snapshot.functionVersion,
        additionalVersionWeights: { [newVersion]: Math.round(fromWeight * (1 - step / (rollback.gradualSteps + 1)) * 1e6) / 1e6 },
      };
  return {
    action: 'restore',
    functionVersion: target.functionVersion,
    routingConfig: toRoutingConfig(target),
    revisionId: current.revisionId,
    final,
    waitSeconds: final ? 0 : rollback.stepSeconds,
    progress: { fromWeight, step },
  };
}

/** The share of traffic the new version has: 1 when the alias is wholly on it. */
function newVersionShare(routing: AliasRouting, newVersion: string): number {
  if (routing.functionVersion === newVersion) return 1;
  return routing.additionalVersionWeights[newVersion] ?? 0;
}

/** `3` or `3 + 10% → 4`, for messages and timelines. */
export function describeRouting(routing: AliasRouting): string {
  if (isWhole(routing)) return routing.functionVersion;
  const extra = Object.entries(routing.additionalVersionWeights)
    .map(([version, weight]) => `${Math.round(weight * 1e4) / 100}% → ${version}`)
    .join(', ');
  return `${routing.functionVersion} + ${extra}`;
}
