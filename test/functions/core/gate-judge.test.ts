import { describe, expect, it } from 'vitest';
import { judgeGate, nextAfterVerdict, type AlarmReading, type VersionTelemetry } from '../../../functions/core/gate-judge.js';
import { DEFAULT_GATE_POLICY, resolveGatePolicy, validateGatePolicy, type GatePolicy } from '../../../functions/core/gate-policy.js';

const NOW = 1_000_000;
const healthy: VersionTelemetry = { version: '2', invocations: 500, errors: 1, newestDatapointMs: NOW - 60_000, latencyMs: [80, 81] };
const judge = (alarms: AlarmReading[], telemetry: VersionTelemetry | undefined = healthy, policy: Partial<GatePolicy> = {}, names = ['errors']) =>
  judgeGate({ policy: resolveGatePolicy(policy), alarmNames: names, alarms, telemetry, nowMs: NOW });

describe('judgeGate', () => {
  it('passes when every gate alarm is OK and the new version has fresh, sufficient traffic', () => {
    const judgement = judge([
      { name: 'errors', state: 'OK' },
      { name: 'unrelated', state: 'ALARM' },
    ]);
    expect(judgement).toMatchObject({ verdict: 'pass', alarms: [{ name: 'errors', state: 'OK' }], telemetry: healthy });
    expect(judgement.checks.map((check) => [check.check, check.verdict])).toEqual([
      ['alarms', 'pass'],
      ['sample', 'pass'],
      ['freshness', 'pass'],
    ]);
  });

  it('fails when any gate alarm is in ALARM, whatever else it sees', () => {
    const firing = judgeGate({ policy: DEFAULT_GATE_POLICY, alarmNames: ['errors'], alarms: [{ name: 'errors', state: 'ALARM' }], nowMs: NOW });
    expect(firing).toMatchObject({ verdict: 'fail', summary: 'in ALARM: errors' });
  });

  it('is inconclusive, never a pass, when an alarm has no data or is missing', () => {
    expect(judge([{ name: 'errors', state: 'INSUFFICIENT_DATA' }]).verdict).toBe('inconclusive');
    expect(judge([{ name: 'errors', state: 'OK' }], healthy, {}, ['errors', 'gone'])).toMatchObject({ verdict: 'inconclusive', missingAlarms: ['gone'] });
  });

  it('applies the INSUFFICIENT_DATA policy', () => {
    expect(judge([{ name: 'errors', state: 'INSUFFICIENT_DATA' }], healthy, { insufficientData: 'fail' }).verdict).toBe('fail');
    expect(judge([{ name: 'errors', state: 'INSUFFICIENT_DATA' }], healthy, { insufficientData: 'pass' }).verdict).toBe('pass');
  });

  it('is inconclusive when the new version served too little traffic', () => {
    const thin = { ...healthy, invocations: 3 };
    expect(judge([{ name: 'errors', state: 'OK' }], thin)).toMatchObject({
      verdict: 'inconclusive',
      summary: 'version 2 served 3 invocation(s), fewer than the 10 required',
    });
    expect(judge([{ name: 'errors', state: 'OK' }], thin, { minInvocations: 0 }).verdict).toBe('pass');
  });

  it('is inconclusive when telemetry is stale or absent', () => {
    expect(judge([{ name: 'errors', state: 'OK' }], { ...healthy, newestDatapointMs: NOW - 600_000 })).toMatchObject({
      verdict: 'inconclusive',
      summary: 'newest datapoint is 600 s old, more than the 180 s allowed',
    });
    const none = judgeGate({ policy: resolveGatePolicy({ minInvocations: 0 }), alarmNames: ['errors'], alarms: [{ name: 'errors', state: 'OK' }], nowMs: NOW });
    expect(none).toMatchObject({ verdict: 'inconclusive', summary: 'no telemetry from the new version' });
  });
});

describe('nextAfterVerdict', () => {
  it('advances on pass (or holds before an approval point) and rolls back on fail', () => {
    expect(nextAfterVerdict('pass', 1, DEFAULT_GATE_POLICY)).toBe('advance');
    expect(nextAfterVerdict('pass', 1, DEFAULT_GATE_POLICY, true)).toBe('hold');
    expect(nextAfterVerdict('fail', 1, DEFAULT_GATE_POLICY)).toBe('rollback');
  });

  it('rechecks an inconclusive step up to the limit, then pauses for a person or rolls back, by policy', () => {
    const pause = { ...DEFAULT_GATE_POLICY, maxInconclusive: 2 };
    expect([1, 2, 3].map((attempt) => nextAfterVerdict('inconclusive', attempt, pause))).toEqual(['recheck', 'recheck', 'hold']);
    expect(nextAfterVerdict('inconclusive', 3, { ...pause, onInconclusive: 'rollback' })).toBe('rollback');
  });
});

describe('gate policy', () => {
  it('takes defaults for the fields left out', () => {
    expect(resolveGatePolicy({ minInvocations: 50 })).toEqual({ ...DEFAULT_GATE_POLICY, minInvocations: 50 });
  });

  it('names every bad field', () => {
    expect(validateGatePolicy({ insufficientData: 'maybe' as never, recheckSeconds: 5, minInvocations: 1.5 })).toEqual([
      { path: 'gatePolicy.insufficientData', message: 'must be "inconclusive", "pass" or "fail", got "maybe"' },
      { path: 'gatePolicy.minInvocations', message: 'must be a whole number >= 0, got 1.5' },
      { path: 'gatePolicy.recheckSeconds', message: 'must be a whole number >= 10, got 5' },
    ]);
  });
});
