import type { InputIssue } from './errors.js';

/** How a target's gate treats missing or thin evidence; recorded in the registry, defaults applied here. */
export interface GatePolicy {
  /** What an alarm in INSUFFICIENT_DATA means. @default 'inconclusive' */
  readonly insufficientData: 'inconclusive' | 'pass' | 'fail';
  /** The newest datapoint of the new version's invocations may be at most this old, else inconclusive; 0 turns the check off. @default 180 */
  readonly maxTelemetryAgeSeconds: number;
  /** Invocations the new version must have served in the step's window, else inconclusive; 0 turns the check off. @default 10 */
  readonly minInvocations: number;
  /** Re-evaluations of an inconclusive step (holding its weight) before the rollout gives up on it. @default 3 */
  readonly maxInconclusive: number;
  /** Wait between re-evaluations of an inconclusive step, in seconds. @default 60 */
  readonly recheckSeconds: number;
  /** When a step stays inconclusive past `maxInconclusive`: wait for a person, or roll back. @default 'pause' */
  readonly onInconclusive: 'pause' | 'rollback';
  /**
   * Look at the gate alarms (and operator commands) this often during a bake, rolling back at
   * once on an alarm; 0 looks only when the bake is over. Each look costs 3 state transitions.
   * @default 0
   */
  readonly checkIntervalSeconds: number;
}

/** The defaults of every gate policy field. */
export const DEFAULT_GATE_POLICY: GatePolicy = {
  insufficientData: 'inconclusive',
  maxTelemetryAgeSeconds: 180,
  minInvocations: 10,
  maxInconclusive: 3,
  recheckSeconds: 60,
  onInconclusive: 'pause',
  checkIntervalSeconds: 0,
};

/** A policy with every field the registry left out taken from the defaults. */
export function resolveGatePolicy(partial: Partial<GatePolicy> | undefined): GatePolicy {
  return { ...DEFAULT_GATE_POLICY, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) };
}

/** Lists every problem in a (partial) policy; empty when valid. */
export function validateGatePolicy(policy: Partial<GatePolicy>, path = 'gatePolicy'): InputIssue[] {
  const issues: InputIssue[] = [];
  const wholeAtLeast = (field: keyof GatePolicy, min: number) => {
    const value = policy[field];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min)) {
      issues.push({ path: `${path}.${field}`, message: `must be a whole number >= ${min}, got ${String(value)}` });
    }
  };
  if (policy.insufficientData !== undefined && !['inconclusive', 'pass', 'fail'].includes(policy.insufficientData)) {
    issues.push({ path: `${path}.insufficientData`, message: `must be "inconclusive", "pass" or "fail", got ${JSON.stringify(policy.insufficientData)}` });
  }
  if (policy.onInconclusive !== undefined && !['pause', 'rollback'].includes(policy.onInconclusive)) {
    issues.push({ path: `${path}.onInconclusive`, message: `must be "pause" or "rollback", got ${JSON.stringify(policy.onInconclusive)}` });
  }
  wholeAtLeast('maxTelemetryAgeSeconds', 0);
  wholeAtLeast('minInvocations', 0);
  wholeAtLeast('maxInconclusive', 0);
  wholeAtLeast('recheckSeconds', 10);
  wholeAtLeast('checkIntervalSeconds', 0);
  if (policy.checkIntervalSeconds !== undefined && policy.checkIntervalSeconds > 0 && policy.checkIntervalSeconds < 10) {
    issues.push({ path: `${path}.checkIntervalSeconds`, message: `must be 0 (off) or at least 10 seconds, got ${policy.checkIntervalSeconds}` });
  }
  return issues;
}
