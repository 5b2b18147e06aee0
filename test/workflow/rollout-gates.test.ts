import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Smart gates on the real ASL: thin, missing or stale evidence never increases the weight. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const verdicts = (audit: { kind: string; detail: Record<string, unknown> }[]) =>
  audit.filter((record) => record.kind === 'gate.verdict').map(({ detail }) => [detail.step, detail.attempt, detail.verdict, detail.next]);

describe('rollout gates', () => {
  it('holds the weight while the new version has served too little traffic, then gives up without promoting', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].trafficPerSecond = 0.05;
        s.targets[0].gatePolicy = { minInvocations: 10, maxInconclusive: 2, recheckSeconds: 60, onInconclusive: 'rollback' };
      }),
    );
    const { execution, operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(verdicts(audit)).toEqual([
      [0, 1, 'inconclusive', 'recheck'],
      [0, 2, 'inconclusive', 'recheck'],
      [0, 3, 'inconclusive', 'rollback'],
    ]);
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Braid.RolledBack', cause: 'gate still inconclusive at step 1 after 3 evaluation(s)' });
    expect(operation?.status).toBe('rolled_back');
  });

  it('treats an alarm stuck in INSUFFICIENT_DATA as inconclusive by default, and as the policy says otherwise', async () => {
    const throttles = (policy: Record<string, unknown>) =>
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].alarms.push({
          name: 'checkout-throttles',
          metric: 'Throttles',
          statistic: 'Sum',
          periodSeconds: 60,
          evaluationPeriods: 1,
          threshold: 1,
          comparison: 'GreaterThanOrEqualToThreshold',
        });
        s.targets[0].gates.push('checkout-throttles');
        s.targets[0].gatePolicy = { maxInconclusive: 1, onInconclusive: 'rollback', ...policy };
      });
    fixture = await sandboxFor(throttles({}));
    const byDefault = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
    expect(verdicts(byDefault.audit)).toEqual([
      [0, 1, 'inconclusive', 'recheck'],
      [0, 2, 'inconclusive', 'rollback'],
    ]);
    expect(byDefault.operation?.status).toBe('rolled_back');
    await fixture.close();

    fixture = await sandboxFor(throttles({ insufficientData: 'pass' }));
    const lenient = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
    expect(lenient.operation?.status).toBe('promoted');
  });

  it('is inconclusive on telemetry older than the policy allows', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => (s.targets[0].gatePolicy = { maxTelemetryAgeSeconds: 30, maxInconclusive: 0, onInconclusive: 'rollback' })),
    );
    const { audit, operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
    const verdict = audit.find((record) => record.kind === 'gate.verdict');
    expect(verdict?.detail).toMatchObject({
      verdict: 'inconclusive',
      summary: expect.stringMatching(/^newest datapoint is \d+ s old, more than the 30 s allowed$/),
    });
    expect(operation?.status).toBe('rolled_back');
  });

  it('promotes once re-evaluations have gathered enough traffic, never shifting further meanwhile', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].trafficPerSecond = 2;
        s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 60 }] };
        s.targets[0].gatePolicy = { minInvocations: 60, maxInconclusive: 10, recheckSeconds: 60 };
      }),
    );
    const { audit, operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
    const first = verdicts(audit).filter(([step]) => step === 0);
    expect(first.at(-1)).toEqual([0, first.length, 'pass', 'advance']);
    expect(first.slice(0, -1).every(([, , verdict, next]) => verdict === 'inconclusive' && next === 'recheck')).toBe(true);
    expect(first.length).toBeGreaterThan(1);
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '2', additionalVersionWeights: {} },
    ]);
    expect(operation?.status).toBe('promoted');
  });

  it.each([
    ['stale telemetry', (s: Record<string, any>) => (s.targets[0].gatePolicy = { maxTelemetryAgeSeconds: 30, maxInconclusive: 1 })],
    [
      'too little traffic',
      (s: Record<string, any>) => {
        s.targets[0].trafficPerSecond = 0.05;
        s.targets[0].gatePolicy = { maxInconclusive: 1 };
      },
    ],
    [
      'INSUFFICIENT_DATA',
      (s: Record<string, any>) => {
        s.targets[0].alarms.push({
          name: 'checkout-throttles',
          metric: 'Throttles',
          statistic: 'Sum',
          periodSeconds: 60,
          evaluationPeriods: 1,
          threshold: 1,
          comparison: 'GreaterThanOrEqualToThreshold',
        });
        s.targets[0].gates.push('checkout-throttles');
        s.targets[0].gatePolicy = { maxInconclusive: 1 };
      },
    ],
  ])('on %s, pauses for a person after the re-evaluations, by default, with the weight unchanged', async (_case, change) => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', change));
    const { sandbox } = fixture;
    const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    while (!(await sandbox.deps.holds.list(operationId)).some((hold) => hold.status === 'pending')) await sandbox.clock.sleep(60_000);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'paused', lastVerdict: 'inconclusive' });
    expect((await sandbox.deps.holds.list(operationId))[0]).toMatchObject({ kind: 'inconclusive', index: 0, status: 'pending' });
    expect(fixture.aliasUpdates()).toEqual([{ functionVersion: '1', additionalVersionWeights: { '2': 0.1 } }]);
    sandbox.stepFunctions.stopRunningExecutions('test over');
  });
});
