import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Braid's own metrics (Powertools EMF on AWS) reach the sandbox's CloudWatch, namespace Braid, low-cardinality dimensions. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('rollout metrics', () => {
  it('counts rollouts started and finished by status, gate verdicts by result, and step durations', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
    const { cloudwatch } = fixture.sandbox.clients;

    const { Metrics = [] } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'Braid' }));
    const names = Metrics.map(
      (metric) =>
        `${metric.MetricName}{${(metric.Dimensions ?? [])
          .map((d) => `${d.Name}=${d.Value}`)
          .sort()
          .join(',')}}`,
    ).sort();
    expect(names).toEqual([
      'GateVerdicts{service=braid,verdict=pass}',
      'RolloutsFinished{service=braid,status=promoted}',
      'RolloutsStarted{service=braid}',
      'StepDuration{service=braid}',
    ]);
    const sum = async (name: string, dimensions: Record<string, string>, stat = 'Sum') => {
      const { MetricDataResults = [] } = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'm',
              MetricStat: {
                Metric: { Namespace: 'Braid', MetricName: name, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
                Period: 3600,
                Stat: stat,
              },
            },
          ],
          StartTime: new Date('2026-01-01T00:00:00Z'),
          EndTime: new Date('2026-01-01T01:00:00Z'),
        }),
      );
      return (MetricDataResults[0]?.Values ?? []).reduce((total, value) => total + value, 0);
    };
    expect(await sum('RolloutsStarted', { service: 'braid' })).toBe(1);
    expect(await sum('GateVerdicts', { service: 'braid', verdict: 'pass' })).toBe(2);
    expect(await sum('StepDuration', { service: 'braid' }, 'Maximum')).toBe(300);
  });
});
