import type { GatePolicy } from './gate-policy.js';
import type { HookConfig } from './hooks.js';
import type { ApprovalPolicy } from './holds.js';
import type { RollbackPolicy } from './restore-planner.js';
import type { CanaryPolicy } from './judge/canary-judge.js';
import type { RolloutStep } from './rollout-plan.js';
import type { RunbookInput } from './remediation/runbook.js';

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

/** The default name of a target: `function:alias`. */
export function defaultTargetName(functionName: string, aliasName: string): string {
  return `${functionName}:${aliasName}`;
}
