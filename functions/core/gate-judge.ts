import type { GatePolicy } from './gate-policy.js';
import type { CanaryJudgement } from './judge/canary-judge.js';

/** The gate's judgement of a step. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** An alarm's state as CloudWatch reports it. */
export interface AlarmReading {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly reason?: string;
  readonly updatedAtMs?: number;
}

/** What the new version's own metrics (`ExecutedVersion` dimension) showed in the step's window. */
export interface VersionTelemetry {
  readonly version: string;
  readonly invocations: number;
  readonly errors: number;
  /** Start of the newest period with at least one invocation, if any. */
  readonly newestDatapointMs?: number;
  /** Average duration per period with invocations, in ms: the samples the canary judge ranks. */
  readonly latencyMs: readonly number[];
}

/** One check of a gate, with what it saw. */
export interface GateCheck {
  readonly check: 'alarms' | 'sample' | 'freshness' | 'judge';
  readonly verdict: GateVerdict;
  readonly detail: string;
}

/** A verdict with the evidence it was reached on, stored with the operation. */
export interface GateJudgement {
  readonly verdict: GateVerdict;
  readonly summary: string;
  readonly checks: readonly GateCheck[];
  readonly alarms: readonly AlarmReading[];
  readonly missingAlarms: readonly string[];
  readonly telemetry?: VersionTelemetry;
  /** The canary-vs-stable judgement, with its statistics, when the target enables the judge. */
  readonly canaryJudgement?: CanaryJudgement;
}

/**
 * Judges a step. Any gate alarm in ALARM fails it. Missing alarms, alarms without data (unless
 * the policy says otherwise), too few invocations of the new version, or telemetry older than
 * the policy allows make it inconclusive: "no data" is never "healthy".
 */
export function judgeGate(input: {
  policy: GatePolicy;
  alarmNames: readonly string[];
  alarms: readonly AlarmReading[];
  telemetry?: VersionTelemetry;
  /** Set when the target enables the canary-vs-stable judge and both versions share the traffic. */
  canaryJudgement?: CanaryJudgement;
  nowMs: number;
}): GateJudgement {
  const { policy, telemetry, canaryJudgement } = input;
  const byName = new Map(input.alarms.map((reading) => [reading.name, reading]));
  const alarms = input.alarmNames.flatMap((name) => byName.get(name) ?? []);
  const missingAlarms = input.alarmNames.filter((name) => !byName.has(name));
  const checks = [alarmCheck(policy, input.alarmNames, alarms, missingAlarms)];
  if (policy.minInvocations > 0) checks.push(sampleCheck(policy, telemetry));
  if (policy.maxTelemetryAgeSeconds > 0) checks.push(freshnessCheck(policy, telemetry, input.nowMs));
  if (canaryJudgement) checks.push(judgeCheck(canaryJudgement));
  const verdict: GateVerdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
  const summary = checks
    .filter((c) => c.verdict === verdict)
    .map((c) => c.detail)
    .join('; ');
  return { verdict, summary, checks, alarms, missingAlarms, telemetry, canaryJudgement };
}

/** Marginal is not a pass: the step holds its weight and is judged again on more data. */
function judgeCheck(judgement: CanaryJudgement): GateCheck {
  const verdict: GateVerdict = judgement.verdict === 'pass' ? 'pass' : judgement.verdict === 'fail' ? 'fail' : 'inconclusive';
  const detail = judgement.checks
    .map((check) => `${check.metric} ${check.verdict}${check.pValue === null ? '' : ` (p=${check.pValue.toPrecision(3)})`}`)
    .join(', ');
  return { check: 'judge', verdict, detail: `canary judge ${judgement.verdict} (score ${judgement.score}): ${detail}` };
}

function alarmCheck(policy: GatePolicy, names: readonly string[], alarms: readonly AlarmReading[], missing: readonly string[]): GateCheck {
  const firing = alarms.filter((alarm) => alarm.state === 'ALARM').map((alarm) => alarm.name);
  const noData = alarms.filter((alarm) => alarm.state === 'INSUFFICIENT_DATA').map((alarm) => alarm.name);
  if (firing.length > 0) return { check: 'alarms', verdict: 'fail', detail: `in ALARM: ${firing.join(', ')}` };
  if (noData.length > 0 && policy.insufficientData === 'fail')
    return { check: 'alarms', verdict: 'fail', detail: `INSUFFICIENT_DATA (policy: fail): ${noData.join(', ')}` };
  if (missing.length > 0) return { check: 'alarms', verdict: 'inconclusive', detail: `alarms not found: ${missing.join(', ')}` };
  if (noData.length > 0 && policy.insufficientData === 'inconclusive')
    return { check: 'alarms', verdict: 'inconclusive', detail: `INSUFFICIENT_DATA: ${noData.join(', ')}` };
  return { check: 'alarms', verdict: 'pass', detail: names.length === 0 ? 'no gate alarms configured' : `all ${names.length} gate alarm(s) OK` };
}

function sampleCheck(policy: GatePolicy, telemetry: VersionTelemetry | undefined): GateCheck {
  const served = telemetry?.invocations ?? 0;
  if (served < policy.minInvocations) {
    return {
      check: 'sample',
      verdict: 'inconclusive',
      detail: `version ${telemetry?.version ?? '?'} served ${served} invocation(s), fewer than the ${policy.minInvocations} required`,
    };
  }
  return { check: 'sample', verdict: 'pass', detail: `version ${telemetry!.version} served ${served} invocations` };
}

function freshnessCheck(policy: GatePolicy, telemetry: VersionTelemetry | undefined, nowMs: number): GateCheck {
  if (telemetry?.newestDatapointMs === undefined) return { check: 'freshness', verdict: 'inconclusive', detail: 'no telemetry from the new version' };
  const ageSeconds = Math.round((nowMs - telemetry.newestDatapointMs) / 1000);
  if (ageSeconds > policy.maxTelemetryAgeSeconds) {
    return {
      check: 'freshness',
      verdict: 'inconclusive',
      detail: `newest datapoint is ${ageSeconds} s old, more than the ${policy.maxTelemetryAgeSeconds} s allowed`,
    };
  }
  return { check: 'freshness', verdict: 'pass', detail: `newest datapoint ${ageSeconds} s old` };
}

/** What the rollout does after a verdict: go on, wait for a person, hold the weight and look again, or roll back. */
export type GateNext = 'advance' | 'hold' | 'recheck' | 'rollback';

/**
 * A pass advances, or holds for a person when the next step is an approval point; a fail rolls
 * back. An inconclusive verdict holds the weight and is re-evaluated up to `maxInconclusive`
 * times; then the rollout waits for a person (or rolls back, by policy), never promotes.
 * @param attempt how many verdicts in a row this step has had, this one included
 */
export function nextAfterVerdict(verdict: GateVerdict, attempt: number, policy: GatePolicy, nextStepNeedsApproval = false): GateNext {
  if (verdict === 'pass') return nextStepNeedsApproval ? 'hold' : 'advance';
  if (verdict === 'fail') return 'rollback';
  if (attempt <= policy.maxInconclusive) return 'recheck';
  return policy.onInconclusive === 'pause' ? 'hold' : 'rollback';
}
