import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrafficGenerator } from '../../../local/lambda/traffic-generator.js';
import { startLambdaFixture, type LambdaFixture } from './lambda-fixture.js';

let fx: LambdaFixture;

beforeEach(async () => {
  fx = await startLambdaFixture();
  fx.emulator.createFunction({ name: 'checkout', behaviour: { errorRate: 0, latencyMs: { mean: 20 } } });
  fx.emulator.publishVersion('checkout');
  fx.emulator.publishVersion('checkout', { behaviour: { errorRate: 1, latencyMs: { mean: 20 } } });
  fx.emulator.createAlias('checkout', 'live', '1', { '2': 0.5 });
});

afterEach(async () => {
  await fx.close();
});

const invocationsThroughAlias = () =>
  fx.metrics.filter(
    (datum) => datum.metricName === 'Invocations' && datum.dimensions['Resource'] === 'checkout:live' && !('ExecutedVersion' in datum.dimensions),
  );

describe('TrafficGenerator', () => {
  it('invokes the alias rate × seconds times as the clock advances, carrying fractions across slices', async () => {
    const traffic = new TrafficGenerator(fx.emulator, { functionName: 'checkout', alias: 'live', ratePerSecond: 2.5 });
    fx.clock.onAdvance(traffic.onSlice);
    await fx.clock.sleep(3_000);
    // 1 s slices at 2.5/s: 2, 3, 2 invocations.
    expect(traffic.stats().invocations).toBe(7);
    await fx.clock.sleep(7_000);
    expect(traffic.stats().invocations).toBe(25);
    expect(invocationsThroughAlias()).toHaveLength(25);
    expect(traffic.stats().functionErrors).toBe(
      fx.metrics.filter((d) => d.metricName === 'Errors' && d.value === 1 && Object.keys(d.dimensions).length === 1).length,
    );
    expect(traffic.stats().functionErrors).toBeGreaterThan(0);
  });

  it('timestamps a slice’s invocations at the virtual time the slice ends', async () => {
    const traffic = new TrafficGenerator(fx.emulator, { functionName: 'checkout', alias: 'live', ratePerSecond: 1 });
    fx.clock.onAdvance(traffic.onSlice);
    const start = fx.clock.nowMs();
    await fx.clock.sleep(3_000);
    expect(invocationsThroughAlias().map((datum) => datum.timestampMs - start)).toEqual([1_000, 2_000, 3_000]);
  });

  it('counts calls to a deleted alias as rejected instead of stopping the clock', async () => {
    const traffic = new TrafficGenerator(fx.emulator, { functionName: 'checkout', alias: 'live', ratePerSecond: 1 });
    fx.clock.onAdvance(traffic.onSlice);
    fx.emulator.deleteAlias('checkout', 'live');
    await fx.clock.sleep(2_000);
    expect(traffic.stats()).toEqual({ invocations: 0, functionErrors: 0, rejected: 2 });
  });

  it('rejects a negative rate', () => {
    expect(() => new TrafficGenerator(fx.emulator, { functionName: 'checkout', alias: 'live', ratePerSecond: -1 })).toThrow(
      'ratePerSecond must be a number >= 0, got -1',
    );
  });
});
