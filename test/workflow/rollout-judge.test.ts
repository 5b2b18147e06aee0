import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** The canary-vs-stable judge on generated traffic, in the rollout's gate, with its statistics kept as evidence. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** The healthy example with the judge on and no alarms, so only the judge can stop the rollout. */
const judged = (canary: { errorRate: number; latencyMs: { mean: number; stdDev: number } }) =>
  exampleScenario('healthy-canary', (s) => {
    s.targets[0].versions['2'] = canary;
    s.targets[0].alarms = [];
    s.targets[0].gates = [];
    s.targets[0].canaryJudge = {};
    s.targets[0].gatePolicy = { onInconclusive: 'rollback' };
  });

async function firstVerdict(f: RolloutFixture) {
  const { operation, audit } = await f.run({ targetName: 'checkout:live', newVersion: '2' });
  const verdict = audit.find((record) => record.kind === 'gate.verdict')!.detail as Record<string, any>;
  return { operation, verdict };
}

describe('canary judge in the gate', () => {
  it('passes a version equal to stable and promotes it, keeping the statistics', async () => {
    fixture = await sandboxFor(judged({ errorRate: 0.001, latencyMs: { mean: 80, stdDev: 15 } }));
    const { operation, verdict } = await firstVerdict(fixture);

    expect(operation?.status).toBe('promoted');
    expect(verdict.canaryJudgement).toMatchObject({ verdict: 'pass', score: 100 });
    expect(verdict.canaryJudgement.checks.map((check: { metric: string; pValue: number }) => [check.metric, typeof check.pValue])).toEqual([
      ['errorRate', 'number'],
      ['latency', 'number'],
    ]);
  });

  it('fails a version with a clearly higher error rate, though no alarm watches it', async () => {
    fixture = await sandboxFor(judged({ errorRate: 0.05, latencyMs: { mean: 80, stdDev: 15 } }));
    const { operation, verdict } = await firstVerdict(fixture);

    expect(operation?.status).toBe('rolled_back');
    expect(verdict).toMatchObject({ verdict: 'fail', canaryJudgement: { verdict: 'fail' } });
    const errorRate = verdict.canaryJudgement.checks.find((check: { metric: string }) => check.metric === 'errorRate');
    expect(errorRate).toMatchObject({ verdict: 'fail' });
    expect(errorRate.pValue).toBeLessThan(0.001);
    expect(errorRate.canaryValue).toBeGreaterThan(0.03);
  });

  it('fails a clearly slower version', async () => {
    fixture = await sandboxFor(judged({ errorRate: 0.001, latencyMs: { mean: 200, stdDev: 20 } }));
    const { operation, verdict } = await firstVerdict(fixture);

    expect(operation?.status).toBe('rolled_back');
    const latency = verdict.canaryJudgement.checks.find((check: { metric: string }) => check.metric === 'latency');
    expect(latency).toMatchObject({ verdict: 'fail' });
    expect(latency.canaryValue).toBeGreaterThan(latency.stableValue * 2);
  });
});
