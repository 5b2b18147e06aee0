import { InvalidInputError, type InputIssue } from '../errors.js';
import { mannWhitneyU, twoProportionTest } from './statistics.js';

/** What one version served over the judged window. */
export interface VersionTraffic {
  readonly invocations: number;
  /** Invocations that failed, at most `invocations`. */
  readonly errors: number;
  /** Latency observations in milliseconds (per request, or one per period), in any order. */
  readonly latencyMs: readonly number[];
}

/** How much worse the canary may be, and how sure the judge must be before calling it worse. */
export interface CanaryPolicy {
  /** Extra error rate (absolute, 0.01 = 1 point) the canary may have before it counts as worse. @default 0.005 */
  readonly errorRateTolerance?: number;
  /** Relative latency slowdown tolerated, 0.1 = 10 %. @default 0.1 */
  readonly latencyTolerance?: number;
  /** Confidence required to call a degradation beyond tolerance real (fail), from 0.5 to below 1. @default 0.95 */
  readonly confidence?: number;
  /**
   * Lower confidence at which a degradation beyond tolerance makes a check marginal, from 0.5 up
   * to `confidence`. @default 0.8, or `confidence` when that is lower
   */
  readonly marginalConfidence?: number;
  /** Below this many invocations of either version, the error-rate check is inconclusive. @default 100 */
  readonly minInvocations?: number;
  /** Below this many latency samples of either version (at least 5), the latency check is inconclusive. @default 5 */
  readonly minLatencySamples?: number;
}

/** Canary and stable traffic over the same window, and the policy to judge them by. */
export interface CanaryJudgeInput {
  readonly stable: VersionTraffic;
  readonly canary: VersionTraffic;
  readonly policy?: CanaryPolicy;
}

/** A check's or a judgement's outcome. */
export type CanaryVerdict = 'pass' | 'marginal' | 'fail' | 'inconclusive';

/** The metrics the judge compares. */
export type CanaryMetric = 'errorRate' | 'latency';

/** One metric's comparison, with its evidence. */
export interface CanaryCheck {
  readonly metric: CanaryMetric;
  readonly verdict: CanaryVerdict;
  /** z of the test against the tolerance; `null` when inconclusive. */
  readonly statistic: number | null;
  /** One-sided p-value of "the canary is worse than stable by more than the tolerance"; `null` when inconclusive. */
  readonly pValue: number | null;
  /** Canary error rate (0..1) or median latency (ms); `null` without data. */
  readonly canaryValue: number | null;
  /** Stable error rate (0..1) or median latency (ms); `null` without data. */
  readonly stableValue: number | null;
  /** Error-rate points or relative slowdown allowed. */
  readonly tolerance: number;
  readonly detail: string;
}

/** The judge's answer for one traffic step. */
export interface CanaryJudgement {
  readonly verdict: CanaryVerdict;
  /** 0 to 100: share of conclusive checks passing, a marginal one counting half; 0 when none is conclusive. */
  readonly score: number;
  readonly checks: readonly CanaryCheck[];
  readonly summary: string;
}

/** The values a {@link CanaryPolicy} field takes when left out. */
export const CANARY_POLICY_DEFAULTS = {
  errorRateTolerance: 0.005,
  latencyTolerance: 0.1,
  confidence: 0.95,
  marginalConfidence: 0.8,
  minInvocations: 100,
  minLatencySamples: 5,
} as const satisfies Required<CanaryPolicy>;

/** Smallest latency sample the Mann-Whitney normal approximation is trusted on (see `mannWhitneyU`). */
const MIN_TRUSTED_LATENCY_SAMPLES = 5;

/**
 * Fills in a policy's defaults and checks every field.
 *
 * @throws InvalidInputError listing each field out of range, by its path (`policy.confidence`).
 */
export function resolveCanaryPolicy(policy: CanaryPolicy = {}): Required<CanaryPolicy> {
  const confidence = policy.confidence ?? CANARY_POLICY_DEFAULTS.confidence;
  const resolved: Required<CanaryPolicy> = {
    errorRateTolerance: policy.errorRateTolerance ?? CANARY_POLICY_DEFAULTS.errorRateTolerance,
    latencyTolerance: policy.latencyTolerance ?? CANARY_POLICY_DEFAULTS.latencyTolerance,
    confidence,
    marginalConfidence: policy.marginalConfidence ?? Math.min(CANARY_POLICY_DEFAULTS.marginalConfidence, confidence),
    minInvocations: policy.minInvocations ?? CANARY_POLICY_DEFAULTS.minInvocations,
    minLatencySamples: policy.minLatencySamples ?? CANARY_POLICY_DEFAULTS.minLatencySamples,
  };
  const issues: InputIssue[] = [];
  const check = (field: keyof CanaryPolicy, valid: boolean, allowed: string) => {
    if (!valid) issues.push({ path: `policy.${field}`, message: `must be ${allowed}, got ${resolved[field]}` });
  };
  check('errorRateTolerance', resolved.errorRateTolerance >= 0 && resolved.errorRateTolerance < 1, 'an absolute error rate from 0 to below 1 (0.01 = 1 point)');
  check('latencyTolerance', resolved.latencyTolerance >= 0 && Number.isFinite(resolved.latencyTolerance), 'a finite relative slowdown >= 0 (0.1 = 10 %)');
  check('confidence', resolved.confidence >= 0.5 && resolved.confidence < 1, 'a probability from 0.5 to below 1 (0.95 = 95 %)');
  check(
    'marginalConfidence',
    resolved.marginalConfidence >= 0.5 && resolved.marginalConfidence <= resolved.confidence,
    `a probability from 0.5 up to confidence (${resolved.confidence})`,
  );
  check('minInvocations', Number.isInteger(resolved.minInvocations) && resolved.minInvocations >= 1, 'a whole number >= 1');
  check(
    'minLatencySamples',
    Number.isInteger(resolved.minLatencySamples) && resolved.minLatencySamples >= MIN_TRUSTED_LATENCY_SAMPLES,
    `a whole number >= ${MIN_TRUSTED_LATENCY_SAMPLES} (the rank test's approximation is not trusted on fewer)`,
  );
  if (issues.length > 0) throw new InvalidInputError('canary policy', issues);
  return resolved;
}

/**
 * Judges a canary against stable over the same window, in the manner of Kayenta's
 * canary analysis, on two metrics:
 *
 * - error rate: one-sided two-proportion test of H0 `rateCanary - rateStable <= errorRateTolerance`;
 * - latency: one-sided Mann-Whitney U test that the canary, its latencies divided by
 *   `1 + latencyTolerance`, is still stochastically slower than stable.
 *
 * Testing against the tolerance rather than zero means a difference too small to matter never
 * fails, however much traffic proves it. Each check, with p its p-value:
 * - `fail` when p < 1 - `confidence` (worse beyond tolerance, with the required confidence);
 * - `marginal` when p < 1 - `marginalConfidence` (worse beyond tolerance, with lower confidence);
 * - `inconclusive` when either version has fewer than `minInvocations` invocations (error rate)
 *   or `minLatencySamples` latency samples (latency);
 * - `pass` otherwise.
 *
 * A canary significantly worse than stable but within tolerance passes: within tolerance is
 * acceptable by definition, and a test against zero would flag 1 - `confidence` of perfectly
 * equal canaries (about one judgement in ten with two metrics) as marginal.
 *
 * Overall: any check failing fails; else any inconclusive check makes it inconclusive (no data is
 * never a pass, nor a "marginal" that a policy might let through); else any marginal check makes
 * it marginal; else it passes.
 *
 * @throws InvalidInputError naming each bad policy field or traffic count.
 */
export function judgeCanary(input: CanaryJudgeInput): CanaryJudgement {
  const policy = resolveCanaryPolicy(input.policy);
  const issues = [...trafficIssues('stable', input.stable), ...trafficIssues('canary', input.canary)];
  if (issues.length > 0) throw new InvalidInputError('canary judge input', issues);

  const checks = [checkErrorRate(input.stable, input.canary, policy), checkLatency(input.stable, input.canary, policy)];
  const verdict = overallVerdict(checks);
  const conclusive = checks.filter((check) => check.verdict !== 'inconclusive');
  const points = conclusive.reduce((sum, check) => sum + (check.verdict === 'pass' ? 1 : check.verdict === 'marginal' ? 0.5 : 0), 0);
  const score = conclusive.length === 0 ? 0 : (100 * points) / conclusive.length;
  const summary = `${verdict}: ${checks.map((check) => `${check.metric} ${check.verdict}`).join(', ')}`;
  return { verdict, score, checks, summary };
}

function trafficIssues(version: 'stable' | 'canary', traffic: VersionTraffic): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!Number.isInteger(traffic.invocations) || traffic.invocations < 0) {
    issues.push({ path: `${version}.invocations`, message: `must be a whole number >= 0, got ${traffic.invocations}` });
  } else if (!Number.isInteger(traffic.errors) || traffic.errors < 0 || traffic.errors > traffic.invocations) {
    issues.push({ path: `${version}.errors`, message: `must be a whole number from 0 to invocations (${traffic.invocations}), got ${traffic.errors}` });
  }
  const bad = traffic.latencyMs.findIndex((value) => !(Number.isFinite(value) && value >= 0));
  if (bad !== -1) issues.push({ path: `${version}.latencyMs[${bad}]`, message: `must be a finite number of milliseconds >= 0, got ${traffic.latencyMs[bad]}` });
  return issues;
}

function checkErrorRate(stable: VersionTraffic, canary: VersionTraffic, policy: Required<CanaryPolicy>): CanaryCheck {
  const tolerance = policy.errorRateTolerance;
  const canaryValue = canary.invocations > 0 ? canary.errors / canary.invocations : null;
  const stableValue = stable.invocations > 0 ? stable.errors / stable.invocations : null;
  const fewest = Math.min(stable.invocations, canary.invocations);
  if (fewest < policy.minInvocations) {
    const detail = `too little traffic to judge: ${canary.invocations} canary and ${stable.invocations} stable invocations, ${policy.minInvocations} needed on each`;
    return { metric: 'errorRate', verdict: 'inconclusive', statistic: null, pValue: null, canaryValue, stableValue, tolerance, detail };
  }
  const test = twoProportionTest({
    failuresA: stable.errors,
    totalA: stable.invocations,
    failuresB: canary.errors,
    totalB: canary.invocations,
    margin: tolerance,
  });
  const verdict = checkVerdict(test.pValue, policy);
  const detail =
    `canary ${percent(test.rateB)} (${canary.errors}/${canary.invocations}) vs stable ${percent(test.rateA)} (${stable.errors}/${stable.invocations}), ` +
    `${points(test.difference)} points apart; tolerance ${points(tolerance)} points; ${evidence(test.pValue, policy)}`;
  return { metric: 'errorRate', verdict, statistic: test.z, pValue: test.pValue, canaryValue: test.rateB, stableValue: test.rateA, tolerance, detail };
}

function checkLatency(stable: VersionTraffic, canary: VersionTraffic, policy: Required<CanaryPolicy>): CanaryCheck {
  const tolerance = policy.latencyTolerance;
  const canaryValue = median(canary.latencyMs);
  const stableValue = median(stable.latencyMs);
  const fewest = Math.min(stable.latencyMs.length, canary.latencyMs.length);
  if (fewest < policy.minLatencySamples) {
    const detail = `too few latency samples to judge: ${canary.latencyMs.length} canary and ${stable.latencyMs.length} stable, ${policy.minLatencySamples} needed on each`;
    return { metric: 'latency', verdict: 'inconclusive', statistic: null, pValue: null, canaryValue, stableValue, tolerance, detail };
  }
  const allowed = canary.latencyMs.map((value) => value / (1 + tolerance));
  const test = mannWhitneyU(stable.latencyMs, allowed);
  const verdict = checkVerdict(test.pValue, policy);
  const detail =
    `canary median ${ms(canaryValue)} vs stable ${ms(stableValue)} over ${canary.latencyMs.length} and ${stable.latencyMs.length} samples; ` +
    `tolerance ${percent(tolerance)} slower; rank-biserial ${test.effectSize.toFixed(2)} after the tolerance; ${evidence(test.pValue, policy)}`;
  return { metric: 'latency', verdict, statistic: test.z, pValue: test.pValue, canaryValue, stableValue, tolerance, detail };
}

function checkVerdict(pValue: number, policy: Required<CanaryPolicy>): CanaryVerdict {
  if (pValue < 1 - policy.confidence) return 'fail';
  if (pValue < 1 - policy.marginalConfidence) return 'marginal';
  return 'pass';
}

function overallVerdict(checks: readonly CanaryCheck[]): CanaryVerdict {
  for (const verdict of ['fail', 'inconclusive', 'marginal'] as const) {
    if (checks.some((check) => check.verdict === verdict)) return verdict;
  }
  return 'pass';
}

function evidence(pValue: number, policy: Required<CanaryPolicy>): string {
  const p = `p = ${pValue.toPrecision(2)}`;
  if (pValue < 1 - policy.confidence) return `worse beyond tolerance with ${percent(policy.confidence)} confidence (${p})`;
  if (pValue < 1 - policy.marginalConfidence)
    return `worse beyond tolerance with ${percent(policy.marginalConfidence)} but not ${percent(policy.confidence)} confidence (${p})`;
  return `no evidence of being worse beyond tolerance (${p})`;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const percent = (fraction: number) => `${+(fraction * 100).toFixed(2)} %`;
const points = (fraction: number) => `${+(fraction * 100).toFixed(2)}`;
const ms = (value: number | null) => `${value === null ? '-' : +value.toFixed(1)} ms`;
