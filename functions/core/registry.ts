import type { RolloutStep } from './rollout-plan.js';

/** A target as recorded in the registry at deploy time: one alias under Braid's care. */
export interface TargetRecord {
  readonly targetName: string;
  readonly functionName: string;
  readonly aliasName: string;
  readonly gateAlarmNames: readonly string[];
  readonly steps: readonly RolloutStep[];
}

/** The default name of a target: `function:alias`. */
export function defaultTargetName(functionName: string, aliasName: string): string {
  return `${functionName}:${aliasName}`;
}
