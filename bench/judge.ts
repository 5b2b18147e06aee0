/**
 * Prints how long the canary judge takes on large latency series, and how often it wrongly
 * objects to a canary that behaves exactly like stable (figures, not assertions).
 *
 *   npx tsx bench/judge.ts
 */
import { performance } from 'node:perf_hooks';
import { judgeCanary, type CanaryPolicy, type CanaryVerdict, type VersionTraffic } from '../functions/core/judge/canary-judge.js';
import { SeededRandom } from '../local/random.js';

interface Shape {
  readonly invocations: number;
  readonly latencySamples: number;
}

/** Stable and canary drawn from the same distributions: 1 % errors, latency normal(100 ms, 20 ms). */
function equalTraffic(seed: number, shape: Shape): { stable: VersionTraffic; canary: VersionTraffic } {
  const random = new SeededRandom(seed);
  const draw = (): VersionTraffic => {
    let errors = 0;
    for (let index = 0; index < shape.invocations; index += 1) if (random.chance(0.01)) errors += 1;
    const latencyMs = Array.from({ length: shape.latencySamples }, () => Math.max(1, random.normal(100, 20)));
    return { invocations: shape.invocations, errors, latencyMs };
  };
  return { stable: draw(), canary: draw() };
}

const timingInput = equalTraffic(1, { invocations: 100_000, latencySamples: 10_000 });
for (let warmup = 0; warmup < 5; warmup += 1) judgeCanary(timingInput);
const durations = Array.from({ length: 30 }, () => {
  const started = performance.now();
  judgeCanary(timingInput);
  return performance.now() - started;
}).sort((left, right) => left - right);
console.log(
  `judgeCanary, 10 000 latency samples per side: median ${durations[15]!.toFixed(2)} ms, max ${durations.at(-1)!.toFixed(2)} ms over ${durations.length} runs`,
);

const SEEDS = 1000;
const cases: { label: string; shape: Shape; policy?: CanaryPolicy }[] = [
  { label: 'minimum traffic (100 inv, 5 samples)', shape: { invocations: 100, latencySamples: 5 } },
  { label: 'typical step (3000 inv, 300 samples)', shape: { invocations: 3000, latencySamples: 300 } },
  { label: 'large step (100 000 inv, 10 000 samples)', shape: { invocations: 100_000, latencySamples: 10_000 } },
  {
    label: 'typical step, tolerances 0 (calibration)',
    shape: { invocations: 3000, latencySamples: 300 },
    policy: { errorRateTolerance: 0, latencyTolerance: 0 },
  },
];
const rows = cases.map(({ label, shape, policy }) => {
  const counts: Record<CanaryVerdict, number> = { pass: 0, marginal: 0, fail: 0, inconclusive: 0 };
  for (let seed = 0; seed < SEEDS; seed += 1) counts[judgeCanary({ ...equalTraffic(seed, shape), policy }).verdict] += 1;
  const rate = (count: number) => `${((100 * count) / SEEDS).toFixed(1)} %`;
  return {
    'equal canary': label,
    falseFail: rate(counts.fail),
    marginal: rate(counts.marginal),
    pass: rate(counts.pass),
    inconclusive: rate(counts.inconclusive),
  };
});
console.table(rows);
console.log(`${SEEDS} seeds each; defaults: tolerances 0.5 points / 10 %, confidence 95 %, marginal from 80 %.`);
console.log('With tolerances 0 each metric is a plain 5 % test, so about 1 - 0.95² ≈ 9.8 % false fails are expected: a check of calibration.');
