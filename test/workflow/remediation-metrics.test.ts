import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import { captureAlarmEvents, promoteVersion2, setErrorRate, settle, untilAlarm, watchedTarget } from '../support/remediation-fixture.js';

let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('remediation metrics', () => {
  it('counts decisions, duplicates suppressed and remediations by action and status, and times detection, mitigation and convergence', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const events = await captureAlarmEvents(sandbox);
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    const alarmed = events.find((event) => (event.detail as { state: { value: string } }).state.value === 'ALARM')!;
    for (let i = 0; i < 3; i += 1) await sandbox.events.emit(alarmed);
    await settle(sandbox);
    const { cloudwatch } = sandbox.clients;

    const { Metrics = [] } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'Braid' }));
    const names = new Set(
      Metrics.map(
        (metric) =>
          `${metric.MetricName}{${(metric.Dimensions ?? [])
            .map((d) => `${d.Name}=${d.Value}`)
            .sort()
            .join(',')}}`,
      ),
    );
    expect([...names].filter((name) => !/^(Rollouts|GateVerdicts|StepDuration)/.test(name)).sort()).toEqual([
      'DuplicatesSuppressed{service=braid}',
      'IncidentsDecided{decision=auto_repair,service=braid}',
      'RemediationsFinished{action=rollback,service=braid,status=converged}',
      'TimeToConverge{service=braid}',
      'TimeToDetect{service=braid}',
      'TimeToMitigate{service=braid}',
    ]);
    const stat = async (name: string, dimensions: Record<string, string>, statistic = 'Sum') => {
      const { MetricDataResults = [] } = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'm',
              MetricStat: {
                Metric: { Namespace: 'Braid', MetricName: name, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
                Period: 86_400,
                Stat: statistic,
              },
            },
          ],
          StartTime: new Date('2026-01-01T00:00:00Z'),
          EndTime: new Date('2026-01-02T00:00:00Z'),
        }),
      );
      return (MetricDataResults[0]?.Values ?? []).reduce((total, value) => total + value, 0);
    };
    expect(await stat('DuplicatesSuppressed', { service: 'braid' })).toBe(3);
    expect(await stat('RemediationsFinished', { service: 'braid', action: 'rollback', status: 'converged' })).toBe(1);
    expect(await stat('TimeToConverge', { service: 'braid' }, 'Maximum')).toBeGreaterThanOrEqual(300);
  });
});
