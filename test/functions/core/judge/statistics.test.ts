import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../functions/core/errors.js';
import { mannWhitneyU, normalCdf, normalUpperTail, twoProportionTest } from '../../../../functions/core/judge/statistics.js';

/** Φ from the Maclaurin series of erf: slow but independent of the production formula; accurate to ~1e-11 for |x| <= 5. */
function seriesCdf(x: number): number {
  const t = x / Math.SQRT2;
  let term = t;
  let sum = t;
  for (let k = 1; k < 200; k += 1) {
    term *= (-t * t) / k;
    sum += term / (2 * k + 1);
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}

describe('normalCdf', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-1.645)).toBeCloseTo(0.0499849055391, 12);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
  });

  it('agrees with the erf series to 1e-10 and is symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) - seriesCdf(x))).toBeLessThan(1e-10);
        expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps relative precision far in the tail, where 1 - Φ would round to 0', () => {
    expect(normalUpperTail(6) / 9.865876450376946e-10).toBeCloseTo(1, 8);
    expect(normalUpperTail(10) / 7.619853024160527e-24).toBeCloseTo(1, 7);
    expect(normalUpperTail(40)).toBe(0);
    expect(normalUpperTail(-1.645)).toBeCloseTo(0.9500150944608786, 12);
  });
});

describe('twoProportionTest', () => {
  it('computes the pooled z by hand: 10/1000 against 25/1000', () => {
    // pooled rate 35/2000; SE = sqrt(0.0175 · 0.9825 · (1/1000 + 1/1000)); z = 0.015 / SE
    const z = 0.015 / Math.sqrt(0.0175 * 0.9825 * 0.002);
    const result = twoProportionTest({ failuresA: 10, totalA: 1000, failuresB: 25, totalB: 1000 });
    expect(result.z).toBeCloseTo(z, 12);
    expect(result.z).toBeCloseTo(2.5579, 4);
    expect(result.pValue).toBeCloseTo(normalUpperTail(z), 14);
    expect(result).toMatchObject({ rateA: 0.01, rateB: 0.025 });
    expect(result.difference).toBeCloseTo(0.015, 15);
  });

  it('says "no evidence" (z 0, p 0.5) when both groups always succeed or always fail', () => {
    expect(twoProportionTest({ failuresA: 0, totalA: 50, failuresB: 0, totalB: 7 })).toEqual({ z: 0, pValue: 0.5, rateA: 0, rateB: 0, difference: 0 });
    expect(twoProportionTest({ failuresA: 3, totalA: 3, failuresB: 9, totalB: 9 })).toMatchObject({ z: 0, pValue: 0.5 });
  });

  it('reports every malformed count and the margin by name', () => {
    const call = () => twoProportionTest({ failuresA: 5, totalA: 0, failuresB: 11, totalB: 10, margin: 1 });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(
      'Invalid two-proportion test input: totalA: must be a positive integer, got 0; failuresB: must be an integer from 0 to totalB (10), got 11; margin: must be a number in (-1, 1), got 1',
    );
  });

  it('with a margin, standardises by the rates that maximise the likelihood under H0 (Farrington-Manning)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }).filter((margin) => margin !== 0),
        (totalA, totalB, shareA, shareB, margin) => {
          const failuresA = Math.round(shareA * totalA);
          const failuresB = Math.round(shareB * totalB);
          const [nullA, nullB] = constrainedMle(failuresA, totalA, failuresB, totalB, margin);
          const se = Math.sqrt((nullA * (1 - nullA)) / totalA + (nullB * (1 - nullB)) / totalB);
          const expected = (failuresB / totalB - failuresA / totalA - margin) / se;
          const { z } = twoProportionTest({ failuresA, totalA, failuresB, totalB, margin });
          expect(Math.abs(z - expected)).toBeLessThan(1e-6 + 1e-6 * Math.abs(expected));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('joins the pooled test continuously as the margin shrinks to 0', () => {
    const counts = { failuresA: 30, totalA: 3000, failuresB: 48, totalB: 2500 };
    expect(twoProportionTest({ ...counts, margin: 1e-9 }).z).toBeCloseTo(twoProportionTest(counts).z, 6);
  });

  it('never finds B worse when the margin grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (totalA, totalB, shareA, shareB, marginX, marginY) => {
          const counts = { failuresA: Math.round(shareA * totalA), totalA, failuresB: Math.round(shareB * totalB), totalB };
          const smaller = twoProportionTest({ ...counts, margin: Math.min(marginX, marginY) });
          const larger = twoProportionTest({ ...counts, margin: Math.max(marginX, marginY) });
          expect(larger.pValue).toBeGreaterThanOrEqual(smaller.pValue - 1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Maximises the two-binomial log-likelihood on the line rateB = rateA + margin by golden-section search. */
function constrainedMle(failuresA: number, totalA: number, failuresB: number, totalB: number, margin: number): [number, number] {
  const term = (count: number, rate: number) => (count === 0 ? 0 : count * Math.log(rate));
  const logLikelihood = (rateA: number) =>
    term(failuresA, rateA) + term(totalA - failuresA, 1 - rateA) + term(failuresB, rateA + margin) + term(totalB - failuresB, 1 - rateA - margin);
  let low = Math.max(0, -margin);
  let high = Math.min(1, 1 - margin);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (logLikelihood(left) < logLikelihood(right)) low = left;
    else high = right;
  }
  const rateA = (low + high) / 2;
  return [rateA, rateA + margin];
}

/** Exact null distribution of U for samples of n and m without ties: arrangements with each U. */
function exactCounts(n: number, m: number, memo = new Map<string, number[]>()): number[] {
  if (n === 0 || m === 0) return [1];
  const key = `${n},${m}`;
  const known = memo.get(key);
  if (known) return known;
  // The largest value is either a b (above all n a's: +n to U) or an a (adds nothing).
  const counts = new Array<number>(n * m + 1).fill(0);
  exactCounts(n, m - 1, memo).forEach((count, u) => (counts[u + n]! += count));
  exactCounts(n - 1, m, memo).forEach((count, u) => (counts[u]! += count));
  memo.set(key, counts);
  return counts;
}

/** Samples without ties whose U is exactly `u`: a = 1..n, each b placed above some of the a's. */
function samplesWithU(n: number, m: number, u: number): [number[], number[]] {
  const a = Array.from({ length: n }, (_, index) => index + 1);
  let remaining = u;
  const b = Array.from({ length: m }, (_, index) => {
    const above = Math.min(n, remaining);
    remaining -= above;
    return above + 0.5 + index * 1e-6;
  });
  return [a, b];
}

describe('mannWhitneyU', () => {
  it("reproduces R's wilcox.test example (Hollander & Wolfe): W = 35", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const result = mannWhitneyU(y, x);
    // mean 25, variance 5 · 10 · 16 / 12, continuity correction 0.5
    expect(result.u).toBe(35);
    expect(result.z).toBeCloseTo((35 - 25 - 0.5) / Math.sqrt(800 / 12), 12);
    expect(result.effectSize).toBeCloseTo(0.4, 12);
  });

  it("reproduces SciPy's asymptotic p-value (two-sided 0.1113468865)", () => {
    const result = mannWhitneyU([20, 11, 17, 12], [19, 22, 16, 29, 24]);
    expect(result.u).toBe(17);
    expect(2 * result.pValue).toBeCloseTo(0.11134688653314041, 12);
  });

  it("applies the tie correction as ClickHouse's mannWhitneyUTest does (two-sided 0.5426959774)", () => {
    const left = [310, 195, 530, 155, 530, 245, 385, 450, 465, 545, 170, 180, 125, 180, 230, 75, 430, 480, 495, 295];
    const right = [116, 171, 176, 421, 111, 326, 481, 111, 346, 441, 261, 411, 206, 521, 456, 446, 296, 51, 426, 261];
    const result = mannWhitneyU(right, left);
    expect(result.u).toBe(223);
    expect(2 * result.pValue).toBeCloseTo(0.5426959774289482, 12);
  });

  it('gives U = n·m and effect size 1 when every b is above every a', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toMatchObject({ u: 9, effectSize: 1 });
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3])).toMatchObject({ u: 0, effectSize: -1 });
  });

  it('says "no evidence" (z 0, p 0.5) when every value is tied', () => {
    expect(mannWhitneyU([7, 7], [7, 7, 7])).toEqual({ u: 3, z: 0, pValue: 0.5, effectSize: 0 });
  });

  it('names an empty sample and a value that is not a finite number', () => {
    expect(() => mannWhitneyU([], [1, Number.NaN])).toThrow(
      'Invalid Mann-Whitney samples: a: needs at least one value, got an empty sample; b[1]: must be a finite number, got NaN',
    );
  });

  it.each([
    [5, 5, 0.004],
    [5, 8, 0.004],
    [8, 8, 0.004],
    [20, 20, 0.0015],
    [5, 300, 0.004],
  ])('is within the documented error of the exact p-value for %i and %i samples', (n, m, bound) => {
    const counts = exactCounts(n, m);
    const arrangements = counts.reduce((sum, count) => sum + count, 0);
    let checked = 0;
    for (let u = 0; u <= n * m; u += 1) {
      const exact = counts.slice(u).reduce((sum, count) => sum + count, 0) / arrangements;
      if (exact < 0.01 || exact > 0.1) continue;
      const [a, b] = samplesWithU(n, m, u);
      const result = mannWhitneyU(a, b);
      expect(result.u).toBeCloseTo(u, 6);
      expect(Math.abs(result.pValue - exact)).toBeLessThan(bound);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('depends only on order: adding a constant to both samples changes nothing', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: -1000, max: 1000 }), (a, b, shift) => {
        expect(
          mannWhitneyU(
            a.map((x) => x + shift),
            b.map((x) => x + shift),
          ),
        ).toEqual(mannWhitneyU(a, b));
      }),
    );
  });

  it('is antisymmetric: swapping the samples mirrors U and the effect size', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = mannWhitneyU(a, b);
        const backward = mannWhitneyU(b, a);
        expect(forward.u + backward.u).toBe(a.length * b.length);
        expect(forward.effectSize + backward.effectSize).toBeCloseTo(0, 12);
      }),
    );
  });
});
