import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../functions/core/errors.js';
import {
  CANARY_POLICY_DEFAULTS,
  judgeCanary,
  resolveCanaryPolicy,
  type CanaryCheck,
  type CanaryPolicy,
  type CanaryVerdict,
  type VersionTraffic,
} from '../../../../functions/core/judge/canary-judge.js';
import { SeededRandom } from '../../../../local/random.js';

interface TrafficShape {
  invocations: number;
  errorRate: number;
  latencySamples: number;
  latencyMeanMs: number;
  latencySdMs?: number;
}

/** Deterministic traffic: each invocation fails with `errorRate`; latencies are normal, floored at 1 ms. */
function traffic(random: SeededRandom, shape: TrafficShape): VersionTraffic {
  let errors = 0;
  for (let index = 0; index < shape.invocations; index += 1) if (random.chance(shape.errorRate)) errors += 1;
  const latencyMs = Array.from({ length: shape.latencySamples }, () => Math.max(1, random.normal(shape.latencyMeanMs, shape.latencySdMs ?? 20)));
  return { invocations: shape.invocations, errors, latencyMs };
}

const healthy: TrafficShape = { invocations: 3000, errorRate: 0.01, latencySamples: 300, latencyMeanMs: 100 };

function judgeShapes(seed: number, stable: TrafficShape, canary: TrafficShape, policy?: CanaryPolicy) {
  const random = new SeededRandom(seed);
  return judgeCanary({ stable: traffic(random, stable), canary: traffic(random, canary), policy });
}

function check(checks: readonly CanaryCheck[], metric: CanaryCheck['metric']): CanaryCheck {
  return checks.find((candidate) => candidate.metric === metric)!;
}

const severity: Record<CanaryVerdict, number> = { pass: 0, marginal: 1, fail: 2, inconclusive: -1 };

describe('judgeCanary on simulated traffic', () => {
  it('passes a canary identical to stable in at least 95 of 100 seeds, and never fails it', () => {
    // 3000 invocations at 1 %: the error-rate SE is ~0.0026, so even "marginal" (p < 0.2 against
    // the 0.5-point tolerance) needs an observed excess of ~0.72 points, 2.8 SE: ~0.25 % of seeds.
    // 300 latency samples per side: the 10 % tolerance is ~5 SE of the rank statistic, so latency
    // essentially never objects. Expected passes ~99.7 of 100; 94 or fewer has probability ~3e-7.
    const verdicts = Array.from({ length: 100 }, (_, seed) => judgeShapes(seed, healthy, healthy).verdict);
    expect(verdicts.filter((verdict) => verdict === 'pass').length).toBeGreaterThanOrEqual(95);
    expect(verdicts).not.toContain('fail');
  });

  it('fails a canary at 5 % errors against 1 % for every seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const judgement = judgeShapes(seed, healthy, { ...healthy, errorRate: 0.05 });
        expect(judgement.verdict).toBe('fail');
        expect(check(judgement.checks, 'errorRate').verdict).toBe('fail');
        expect(check(judgement.checks, 'latency').verdict).toBe('pass');
        expect(judgement.score).toBe(50);
      }),
      { numRuns: 50 },
    );
  });

  it('fails a canary at 150 ms against 100 ms (sd 20) for every seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const judgement = judgeShapes(seed, healthy, { ...healthy, latencyMeanMs: 150 });
        expect(check(judgement.checks, 'latency').verdict).toBe('fail');
        expect(judgement.verdict).toBe('fail');
      }),
      { numRuns: 50 },
    );
  });

  it('fails even a small slow canary sample (20 per side) that is 50 % slower', () => {
    const judgement = judgeShapes(7, { ...healthy, latencySamples: 20 }, { ...healthy, latencySamples: 20, latencyMeanMs: 150 });
    expect(check(judgement.checks, 'latency')).toMatchObject({ verdict: 'fail' });
  });

  it('passes a canary slower by less than the latency tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const judgement = judgeShapes(seed, healthy, { ...healthy, latencyMeanMs: 103 });
        expect(check(judgement.checks, 'latency').verdict).toBe('pass');
      }),
      { numRuns: 50 },
    );
  });

  it('is inconclusive, never a pass, on too little traffic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 4 }), (seed, invocations, samples) => {
        const small = { ...healthy, invocations, latencySamples: samples };
        const judgement = judgeShapes(seed, healthy, small);
        expect(judgement.verdict).toBe('inconclusive');
        expect(judgement.checks.map((each) => each.verdict)).toEqual(['inconclusive', 'inconclusive']);
        expect(judgement.score).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

describe('judgeCanary decision rules', () => {
  const latency = (meanMs: number, count = 50) => Array.from({ length: count }, (_, index) => meanMs - 25 + index);
  const steady = { invocations: 3000, errors: 30, latencyMs: latency(100) };

  it('is marginal when the canary exceeds the tolerance with 80 % but not 95 % confidence', () => {
    const judgement = judgeCanary({ stable: steady, canary: { ...steady, errors: 55 } });
    const errorRate = check(judgement.checks, 'errorRate');
    expect(errorRate.verdict).toBe('marginal');
    expect(errorRate.pValue).toBeGreaterThan(0.05);
    expect(errorRate.pValue).toBeLessThan(0.2);
    expect(judgement).toMatchObject({ verdict: 'marginal', score: 75, summary: 'marginal: errorRate marginal, latency pass' });
    expect(errorRate.detail).toBe(
      `canary 1.83 % (55/3000) vs stable 1 % (30/3000), 0.83 points apart; tolerance 0.5 points; worse beyond tolerance with 80 % but not 95 % confidence (p = ${errorRate.pValue!.toPrecision(2)})`,
    );
  });

  it('passes a canary significantly worse than stable but within tolerance', () => {
    // 1.3 % against 1 % over 100 000 invocations each: z ≈ 6.3 against equality, but 0.3 < 0.5 points.
    const judgement = judgeCanary({ stable: { ...steady, invocations: 100_000, errors: 1000 }, canary: { ...steady, invocations: 100_000, errors: 1300 } });
    expect(check(judgement.checks, 'errorRate')).toMatchObject({ verdict: 'pass', canaryValue: 0.013, stableValue: 0.01, tolerance: 0.005 });
  });

  it('compares latency after allowing the tolerated slowdown', () => {
    const exactlyTolerated = judgeCanary({ stable: steady, canary: { ...steady, latencyMs: steady.latencyMs.map((value) => value * 1.1) } });
    expect(check(exactlyTolerated.checks, 'latency')).toMatchObject({ verdict: 'pass', stableValue: 99.5, tolerance: 0.1 });
    expect(check(exactlyTolerated.checks, 'latency').pValue).toBeGreaterThan(0.4);
    const beyond = judgeCanary({ stable: steady, canary: { ...steady, latencyMs: steady.latencyMs.map((value) => value * 1.5) } });
    expect(check(beyond.checks, 'latency').verdict).toBe('fail');
  });

  it('fails on evidence even when another metric has no data', () => {
    const judgement = judgeCanary({ stable: steady, canary: { invocations: 3000, errors: 600, latencyMs: [] } });
    expect(judgement).toMatchObject({ verdict: 'fail', score: 0, summary: 'fail: errorRate fail, latency inconclusive' });
    expect(check(judgement.checks, 'latency')).toMatchObject({ statistic: null, pValue: null, canaryValue: null, stableValue: 99.5 });
  });

  it('is inconclusive rather than marginal when one metric has no data', () => {
    const judgement = judgeCanary({ stable: steady, canary: { ...steady, errors: 55, latencyMs: [100, 101] } });
    expect(judgement).toMatchObject({ verdict: 'inconclusive', score: 50 });
  });

  it('needs the minimum traffic on stable too, and explains what is missing', () => {
    const judgement = judgeCanary({ stable: { invocations: 0, errors: 0, latencyMs: [] }, canary: steady });
    expect(check(judgement.checks, 'errorRate')).toEqual({
      metric: 'errorRate',
      verdict: 'inconclusive',
      statistic: null,
      pValue: null,
      canaryValue: 0.01,
      stableValue: null,
      tolerance: 0.005,
      detail: 'too little traffic to judge: 3000 canary and 0 stable invocations, 100 needed on each',
    });
  });

  it('applies the documented minimums: 100 invocations and 5 latency samples', () => {
    const at = (invocations: number, samples: number) =>
      judgeCanary({ stable: steady, canary: { invocations, errors: 0, latencyMs: latency(100, samples) } }).checks.map(
        (each) => each.verdict === 'inconclusive',
      );
    expect(at(99, 4)).toEqual([true, true]);
    expect(at(100, 5)).toEqual([false, false]);
  });
});

describe('canary policy', () => {
  it('has the defaults its JSDoc declares', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../../functions/core/judge/canary-judge.ts', import.meta.url)), 'utf8');
    const policyBlock = source.slice(source.indexOf('export interface CanaryPolicy'), source.indexOf('export interface CanaryJudgeInput'));
    const documented = Object.fromEntries(
      [...policyBlock.matchAll(/@default ([\d.]+)[^/]*\*\/\s*readonly (\w+)\?/g)].map(([, value, field]) => [field, Number(value)]),
    );
    expect(documented).toEqual(CANARY_POLICY_DEFAULTS);
    expect(resolveCanaryPolicy()).toEqual(CANARY_POLICY_DEFAULTS);
  });

  it('lowers the default marginal confidence to a lower required confidence', () => {
    expect(resolveCanaryPolicy({ confidence: 0.7 })).toMatchObject({ confidence: 0.7, marginalConfidence: 0.7 });
  });

  it('names every field out of range', () => {
    const call = () =>
      resolveCanaryPolicy({
        errorRateTolerance: -0.1,
        latencyTolerance: Number.POSITIVE_INFINITY,
        confidence: 1,
        marginalConfidence: 0.4,
        minInvocations: 2.5,
        minLatencySamples: 3,
      });
    expect(call).toThrow(InvalidInputError);
    try {
      call();
    } catch (error) {
      expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual([
        'policy.errorRateTolerance',
        'policy.latencyTolerance',
        'policy.confidence',
        'policy.marginalConfidence',
        'policy.minInvocations',
        'policy.minLatencySamples',
      ]);
    }
    expect(() => resolveCanaryPolicy({ confidence: 0.9, marginalConfidence: 0.95 })).toThrow(
      'Invalid canary policy: policy.marginalConfidence: must be a probability from 0.5 up to confidence (0.9), got 0.95',
    );
  });

  it('rejects impossible traffic counts by path', () => {
    expect(() => judgeCanary({ stable: { invocations: 10, errors: 11, latencyMs: [] }, canary: { invocations: -1, errors: 0, latencyMs: [1, -2] } })).toThrow(
      'Invalid canary judge input: stable.errors: must be a whole number from 0 to invocations (10), got 11; canary.invocations: must be a whole number >= 0, got -1; canary.latencyMs[1]: must be a finite number of milliseconds >= 0, got -2',
    );
  });
});

describe('judgeCanary invariants', () => {
  const shape = fc.record({
    invocations: fc.integer({ min: 100, max: 3000 }),
    errorRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
    latencySamples: fc.integer({ min: 5, max: 200 }),
    latencyMeanMs: fc.integer({ min: 50, max: 200 }),
  });
  const policy = fc.record({
    errorRateTolerance: fc.double({ min: 0, max: 0.05, noNaN: true }),
    latencyTolerance: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });
  const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

  it('never finds both versions worse than each other: a metric failing one way passes the other', () => {
    fc.assert(
      fc.property(seed, shape, shape, policy, (runSeed, stableShape, canaryShape, tolerances) => {
        const random = new SeededRandom(runSeed);
        const stable = traffic(random, stableShape);
        const canary = traffic(random, canaryShape);
        const forward = judgeCanary({ stable, canary, policy: tolerances });
        const backward = judgeCanary({ stable: canary, canary: stable, policy: tolerances });
        for (const metric of ['errorRate', 'latency'] as const) {
          if (check(forward.checks, metric).verdict === 'fail') expect(check(backward.checks, metric).verdict).toBe('pass');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('adding a constant to both latency series leaves the latency p-value unchanged (tolerance 0)', () => {
    fc.assert(
      fc.property(seed, shape, shape, fc.integer({ min: -40, max: 1000 }), (runSeed, stableShape, canaryShape, shift) => {
        const random = new SeededRandom(runSeed);
        // Whole milliseconds, so the shifted values are exact and ties stay ties.
        const whole = (each: VersionTraffic) => ({ ...each, latencyMs: each.latencyMs.map((value) => Math.round(value) + 50) });
        const stable = whole(traffic(random, stableShape));
        const canary = whole(traffic(random, canaryShape));
        const shifted = (each: VersionTraffic) => ({ ...each, latencyMs: each.latencyMs.map((value) => value + shift) });
        const zeroTolerance = { latencyTolerance: 0 };
        const before = check(judgeCanary({ stable, canary, policy: zeroTolerance }).checks, 'latency');
        const after = check(judgeCanary({ stable: shifted(stable), canary: shifted(canary), policy: zeroTolerance }).checks, 'latency');
        expect(after.pValue).toBe(before.pValue);
      }),
      { numRuns: 200 },
    );
  });

  it('scaling both latency series leaves the latency p-value unchanged at any tolerance', () => {
    fc.assert(
      fc.property(seed, shape, shape, policy, fc.integer({ min: -8, max: 8 }), (runSeed, stableShape, canaryShape, tolerances, exponent) => {
        const random = new SeededRandom(runSeed);
        const stable = traffic(random, stableShape);
        const canary = traffic(random, canaryShape);
        // A power of two scales exactly in floating point, so comparisons cannot flip by rounding.
        const scaled = (each: VersionTraffic) => ({ ...each, latencyMs: each.latencyMs.map((value) => value * 2 ** exponent) });
        const before = check(judgeCanary({ stable, canary, policy: tolerances }).checks, 'latency');
        const after = check(judgeCanary({ stable: scaled(stable), canary: scaled(canary), policy: tolerances }).checks, 'latency');
        expect(after.pValue).toBe(before.pValue);
      }),
      { numRuns: 200 },
    );
  });

  it('never makes a verdict worse when a tolerance grows', () => {
    fc.assert(
      fc.property(seed, shape, shape, policy, policy, (runSeed, stableShape, canaryShape, first, second) => {
        const random = new SeededRandom(runSeed);
        const stable = traffic(random, stableShape);
        // Latencies rounded to 0.1 ms so that ties, and the tie correction, take part.
        const canary = traffic(random, canaryShape);
        const coarse = (each: VersionTraffic) => ({ ...each, latencyMs: each.latencyMs.map((value) => Math.round(value * 10) / 10) });
        const strict = {
          errorRateTolerance: Math.min(first.errorRateTolerance, second.errorRateTolerance),
          latencyTolerance: Math.min(first.latencyTolerance, second.latencyTolerance),
        };
        const lenient = {
          errorRateTolerance: Math.max(first.errorRateTolerance, second.errorRateTolerance),
          latencyTolerance: Math.max(first.latencyTolerance, second.latencyTolerance),
        };
        const input = { stable: coarse(stable), canary: coarse(canary) };
        const strictJudgement = judgeCanary({ ...input, policy: strict });
        const lenientJudgement = judgeCanary({ ...input, policy: lenient });
        expect(severity[lenientJudgement.verdict]).toBeLessThanOrEqual(severity[strictJudgement.verdict]);
        for (const metric of ['errorRate', 'latency'] as const) {
          expect(severity[check(lenientJudgement.checks, metric).verdict]).toBeLessThanOrEqual(severity[check(strictJudgement.checks, metric).verdict]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
