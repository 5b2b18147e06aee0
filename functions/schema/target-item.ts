import type { GatePolicy } from '../core/gate-policy.js';
import type { HookConfig } from '../core/hooks.js';
import type { ApprovalPolicy } from '../core/holds.js';
import type { CanaryPolicy } from '../core/judge/canary-judge.js';
import type { RunbookInput } from '../core/remediation/runbook.js';
import type { RollbackPolicy } from '../core/restore-planner.js';
import type { RolloutStep } from '../core/rollout-plan.js';
import { targetPartition, type IndexEntry, type ItemKey } from './braid-table-schema.js';

/** A target as recorded in the registry at deploy time: one alias under Braid's care. */
export interface TargetRecord {
  readonly targetName: string;
  readonly functionName: string;
  readonly aliasName: string;
  readonly gateAlarmNames: readonly string[];
  readonly steps: readonly RolloutStep[];
  /** Fields left out take their defaults (`DEFAULT_GATE_POLICY`). */
  readonly gatePolicy?: Partial<GatePolicy>;
  /** Fields left out take their defaults (`DEFAULT_ROLLBACK_POLICY`). */
  readonly rollbackPolicy?: Partial<RollbackPolicy>;
  /** Fields left out take their defaults (`DEFAULT_APPROVAL_POLICY`). */
  readonly approvalPolicy?: Partial<ApprovalPolicy>;
  /** Compare the new version with the stable one at every traffic step; absent = off. */
  readonly canaryJudge?: CanaryPolicy;
  /** User functions invoked before any traffic moves and after the promotion; their answer gates the rollout. Absent = none. */
  readonly hooks?: HookConfig;
  /** What to do when one of its alarms fires in production (the remediation braid); absent = not watched. */
  readonly remediation?: RunbookInput;
}

/** The index partition listing every registered target (sparse: only target items carry it). */
export const REGISTRY_PARTITION = 'REGISTRY';

/** The default name of a target: `function:alias`. */
export function defaultTargetName(functionName: string, aliasName: string): string {
  return `${functionName}:${aliasName}`;
}

/** The key of a target's registry item. */
export function targetKey(targetName: string): ItemKey {
  return { pk: targetPartition(targetName), sk: 'TARGET' };
}

/**
 * The registry item of a target, keys included: what the deploy-time custom resource and the
 * registry adapter both write (and nothing else, so `cdk diff` stays quiet until the target
 * changes). Fields in a fixed order, what it is before how it is judged, so the item reads well
 * in the console; absent ones are left out.
 */
export function targetItem(target: TargetRecord): ItemKey & IndexEntry & TargetRecord {
  return {
    ...targetKey(target.targetName),
    // The registry partition of the index lists every target (the alarm detector looks targets up there).
    gsi1pk: REGISTRY_PARTITION,
    gsi1sk: target.targetName,
    targetName: target.targetName,
    functionName: target.functionName,
    aliasName: target.aliasName,
    gateAlarmNames: target.gateAlarmNames,
    steps: target.steps,
    gatePolicy: target.gatePolicy,
    canaryJudge: target.canaryJudge,
    rollbackPolicy: target.rollbackPolicy,
    approvalPolicy: target.approvalPolicy,
    hooks: target.hooks,
    remediation: target.remediation,
  };
}

/** A registry item read back, as a target (keys and bookkeeping attributes dropped). */
export function targetOf(item: Record<string, unknown>): TargetRecord {
  const { targetName, functionName, aliasName, gateAlarmNames, steps, gatePolicy, approvalPolicy, canaryJudge, hooks, rollbackPolicy, remediation } =
    item as unknown as TargetRecord;
  return {
    targetName,
    functionName,
    aliasName,
    gateAlarmNames: gateAlarmNames ?? [],
    steps,
    gatePolicy,
    approvalPolicy,
    canaryJudge,
    hooks,
    rollbackPolicy,
    remediation,
  };
}
