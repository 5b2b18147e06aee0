import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCloudWatchSandbox, T0, type CloudWatchSandbox } from './cloudwatch-fixture.js';

const MINUTE = 60_000;
const AWS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
const ALARM_PATTERN = { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM'] } } };

let sandbox: CloudWatchSandbox;
beforeEach(async () => {
  sandbox = await startCloudWatchSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

/** Publishes `valueAt(minute)` once per minute, in the middle of the minute, while the clock runs. */
function publishEveryMinute(metricName: string, valueAt: (minute: number) => number | undefined, dimensions: Record<string, string> = {}): void {
  sandbox.clock.onAdvance((_from, to) => {
    if ((to - T0) % MINUTE !== 30_000) return;
    const value = valueAt(Math.floor((to - T0) / MINUTE));
    if (value !== undefined) sandbox.cloudwatch.putDatum({ namespace: 'Braid/Test', metricName, dimensions, timestampMs: to, value });
  });
}

function errorsAlarm(overrides: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput {
  return {
    AlarmName: 'checkout-errors',
    AlarmDescription: 'Too many checkout errors',
    Namespace: 'Braid/Test',
    MetricName: 'Errors',
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    ...overrides,
  };
}

async function stateOf(name: string): Promise<string | undefined> {
  const out = await sandbox.cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms?.[0]?.StateValue;
}

async function routeAlarmEventsToTarget(): Promise<void> {
  await sandbox.eb.send(new PutRuleCommand({ Name: 'alarm-to-remediation', EventPattern: JSON.stringify(ALARM_PATTERN) }));
  await sandbox.eb.send(
    new PutTargetsCommand({ Rule: 'alarm-to-remediation', Targets: [{ Id: 'sfn', Arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:remediation' }] }),
  );
}

describe('metric data', () => {
  it('aggregates PutMetricData into sums, averages, counts and percentiles per period', async () => {
    const metric = { Namespace: 'Braid/Test', MetricName: 'Latency', Dimensions: [{ Name: 'FunctionName', Value: 'checkout' }] };
    await sandbox.cw.send(
      new PutMetricDataCommand({
        Namespace: 'Braid/Test',
        MetricData: [
          { ...metric, Values: [10, 20, 30], Counts: [1, 1, 2], Timestamp: new Date(T0 + 5_000) },
          { ...metric, Value: 40, Timestamp: new Date(T0 + 50_000) },
          { ...metric, StatisticValues: { Sum: 100, SampleCount: 4, Minimum: 10, Maximum: 40 }, Timestamp: new Date(T0 + 70_000) },
          // Another dimension set is another metric and must not leak into the results.
          { MetricName: 'Latency', Dimensions: [{ Name: 'FunctionName', Value: 'other' }], Value: 1000, Timestamp: new Date(T0 + 5_000) },
        ],
      }),
    );
    const query = (Id: string, Stat: string) => ({ Id, MetricStat: { Metric: metric, Period: 60, Stat } });
    const out = await sandbox.cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 2 * MINUTE),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [query('sum', 'Sum'), query('avg', 'Average'), query('count', 'SampleCount'), query('max', 'Maximum'), query('p50', 'p50')],
      }),
    );
    const byId = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
    expect(byId.sum!.Timestamps).toEqual([new Date(T0), new Date(T0 + MINUTE)]);
    expect(byId.sum!.Values).toEqual([130, 100]);
    expect(byId.avg!.Values).toEqual([26, 25]);
    expect(byId.count!.Values).toEqual([5, 4]);
    expect(byId.max!.Values).toEqual([40, 40]);
    // The second minute holds only a statistic set, which has no raw values to rank.
    expect(byId.p50!.Values).toEqual([30]);
    expect(byId.sum!.StatusCode).toBe('Complete');
    expect(byId.sum!.Label).toBe('Latency');
  });

  it('computes metric math over other queries and returns newest first by default', async () => {
    const metric = (MetricName: string) => ({ Namespace: 'Braid/Test', MetricName });
    for (const [minute, invocations, errors] of [
      [0, 200, 2],
      [1, 100, 10],
    ] as const) {
      const Timestamp = new Date(T0 + minute * MINUTE);
      await sandbox.cw.send(
        new PutMetricDataCommand({
          Namespace: 'Braid/Test',
          MetricData: [
            { ...metric('Invocations'), Value: invocations, Timestamp },
            { ...metric('Errors'), Value: errors, Timestamp },
          ],
        }),
      );
    }
    const out = await sandbox.cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 2 * MINUTE),
        MetricDataQueries: [
          { Id: 'errors', MetricStat: { Metric: metric('Errors'), Period: 60, Stat: 'Sum' }, ReturnData: false },
          { Id: 'invocations', MetricStat: { Metric: metric('Invocations'), Period: 60, Stat: 'Sum' }, ReturnData: false },
          { Id: 'rate', Expression: '100*(errors/invocations)', Label: 'Error rate' },
        ],
      }),
    );
    expect(out.MetricDataResults).toHaveLength(1);
    expect(out.MetricDataResults![0]).toMatchObject({ Id: 'rate', Label: 'Error rate', Values: [10, 1], Timestamps: [new Date(T0 + MINUTE), new Date(T0)] });
  });

  it.each([
    [
      'a cycle',
      [
        { Id: 'a', Expression: 'b * 2' },
        { Id: 'b', Expression: 'a + 1' },
      ],
      'cycle (a -> b -> a)',
    ],
    ['an unknown id', [{ Id: 'a', Expression: 'missing * 2' }], 'refers to "missing"'],
  ])('rejects expressions with %s', async (_name, MetricDataQueries, message) => {
    await expect(
      sandbox.cw.send(new GetMetricDataCommand({ StartTime: new Date(T0), EndTime: new Date(T0 + MINUTE), MetricDataQueries })),
    ).rejects.toMatchObject({
      Code: 'ValidationError',
      message: expect.stringContaining(message),
    });
  });

  it('answers GetMetricStatistics and lists metrics published in-process', async () => {
    const dimensions = { FunctionName: 'checkout', Resource: 'checkout:live', ExecutedVersion: '2' };
    for (const value of [100, 300])
      sandbox.cloudwatch.putDatum({ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions, timestampMs: T0 + 1_000, value, unit: 'Milliseconds' });
    const stats = await sandbox.cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        StartTime: new Date(T0),
        EndTime: new Date(T0 + MINUTE),
        Period: 60,
        Statistics: ['Average', 'SampleCount'],
        ExtendedStatistics: ['p99'],
      }),
    );
    expect(stats.Datapoints).toEqual([{ Timestamp: new Date(T0), Average: 200, SampleCount: 2, Unit: 'Milliseconds', ExtendedStatistics: { p99: 300 } }]);
    const listed = await sandbox.cw.send(new ListMetricsCommand({ Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'ExecutedVersion', Value: '2' }] }));
    expect(listed.Metrics).toEqual([
      { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: expect.arrayContaining([{ Name: 'ExecutedVersion', Value: '2' }]) },
    ]);
  });

  it('refuses callers publishing into an AWS/ namespace', async () => {
    await expect(
      sandbox.cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'Errors', Value: 1 }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });
});

describe('alarm definitions', () => {
  it('starts new alarms in INSUFFICIENT_DATA and describes them with their configuration', async () => {
    await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm()));
    const out = await sandbox.cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'checkout-' }));
    expect(out.MetricAlarms).toHaveLength(1);
    expect(out.MetricAlarms![0]).toMatchObject({
      AlarmName: 'checkout-errors',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout-errors',
      StateValue: 'INSUFFICIENT_DATA',
      StateUpdatedTimestamp: new Date(T0),
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'missing',
      Threshold: 5,
      Period: 60,
    });
    expect(sandbox.journal.entries().map((e) => [e.service, e.action])).toEqual([['cloudwatch', 'PutMetricAlarm']]);
  });

  // The SDK names the modelled shape (ValidationException) and keeps CloudWatch's code in `Code`.
  it.each([45, 0, 90])('rejects a period of %i seconds with ValidationError', async (Period) => {
    await expect(sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm({ Period })))).rejects.toMatchObject({
      name: 'ValidationException',
      Code: 'ValidationError',
      message: expect.stringContaining('10, 20, 30 or a multiple of 60'),
    });
    expect(sandbox.journal.entries()).toHaveLength(0);
  });

  it('pages DescribeAlarms, filters by state and deletes alarms', async () => {
    for (const name of ['a', 'b', 'c']) await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm({ AlarmName: name })));
    await sandbox.cw.send(new SetAlarmStateCommand({ AlarmName: 'b', StateValue: 'OK', StateReason: 'test' }));
    const first = await sandbox.cw.send(new DescribeAlarmsCommand({ MaxRecords: 2 }));
    expect(first.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['a', 'b']);
    const second = await sandbox.cw.send(new DescribeAlarmsCommand({ MaxRecords: 2, NextToken: first.NextToken }));
    expect(second.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
    const ok = await sandbox.cw.send(new DescribeAlarmsCommand({ StateValue: 'OK' }));
    expect(ok.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b']);
    await expect(sandbox.cw.send(new DeleteAlarmsCommand({ AlarmNames: ['a', 'nope'] }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await sandbox.cw.send(new DeleteAlarmsCommand({ AlarmNames: ['a', 'c'] }));
    const left = await sandbox.cw.send(new DescribeAlarmsCommand({}));
    expect(left.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b']);
  });
});

describe('alarm evaluation on the virtual clock', () => {
  it('goes OK -> ALARM once M of N periods breach, emitting one state-change event that a rule delivers', async () => {
    await routeAlarmEventsToTarget();
    // Minutes 0-2 are healthy, minute 3 breaches (1 of 3), minute 4 breaches again (2 of 3).
    publishEveryMinute('Errors', (minute) => (minute < 3 ? 1 : 9));
    await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm()));

    await sandbox.clock.sleep(3 * MINUTE);
    expect(await stateOf('checkout-errors')).toBe('OK');
    await sandbox.clock.sleep(MINUTE);
    expect(await stateOf('checkout-errors')).toBe('OK');
    expect(sandbox.deliveries).toHaveLength(0);
    await sandbox.clock.sleep(MINUTE);
    expect(await stateOf('checkout-errors')).toBe('ALARM');
    await sandbox.clock.sleep(3 * MINUTE);

    expect(sandbox.deliveries).toHaveLength(1);
    const { event, input, targetArn } = sandbox.deliveries[0]!;
    expect(targetArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:remediation');
    expect(JSON.parse(input)).toEqual(event);
    expect(event).toMatchObject({
      version: '0',
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      account: '000000000000',
      region: 'us-east-1',
      time: '2024-01-01T00:05:00Z',
      resources: ['arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout-errors'],
      detail: {
        alarmName: 'checkout-errors',
        state: { value: 'ALARM', timestamp: '2024-01-01T00:05:00.000+0000' },
        previousState: { value: 'OK', timestamp: '2024-01-01T00:01:00.000+0000' },
        configuration: {
          description: 'Too many checkout errors',
          metrics: [{ metricStat: { metric: { dimensions: {}, name: 'Errors', namespace: 'Braid/Test' }, period: 60, stat: 'Sum' }, returnData: true }],
        },
      },
    });
    const state = event.detail.state as Record<string, string>;
    expect(state.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [9.0 (01/01/24 00:04:00), 9.0 (01/01/24 00:03:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(JSON.parse(state.reasonData!)).toMatchObject({
      version: '1.0',
      queryDate: '2024-01-01T00:05:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [1, 9, 9],
      threshold: 5,
    });
    expect((event.detail.previousState as Record<string, string>).timestamp).toMatch(AWS_TIMESTAMP);
    const changes = sandbox.journal
      .entries()
      .filter((e) => e.action === 'AlarmStateChange')
      .map((e) => e.detail.state);
    expect(changes).toEqual(['OK', 'ALARM']);
  });

  it('applies TreatMissingData when no data arrives', async () => {
    for (const treat of ['missing', 'notBreaching', 'breaching', 'ignore']) {
      await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm({ AlarmName: treat, TreatMissingData: treat, EvaluationPeriods: 2, DatapointsToAlarm: 2 })));
    }
    const states = async () =>
      Object.fromEntries(await Promise.all(['missing', 'notBreaching', 'breaching', 'ignore'].map(async (n) => [n, await stateOf(n)])));

    await sandbox.clock.sleep(2 * MINUTE);
    expect(await states()).toEqual({ missing: 'INSUFFICIENT_DATA', notBreaching: 'OK', breaching: 'ALARM', ignore: 'INSUFFICIENT_DATA' });

    // Two breaching minutes, then silence.
    publishEveryMinute('Errors', (minute) => (minute === 2 || minute === 3 ? 50 : undefined));
    await sandbox.clock.sleep(2 * MINUTE);
    expect(await states()).toEqual({ missing: 'ALARM', notBreaching: 'ALARM', breaching: 'ALARM', ignore: 'ALARM' });
    await sandbox.clock.sleep(3 * MINUTE);
    // `ignore` keeps its last state through silence; `missing` has nothing left to judge.
    expect(await states()).toEqual({ missing: 'INSUFFICIENT_DATA', notBreaching: 'OK', breaching: 'ALARM', ignore: 'ALARM' });
  });

  it('emits on SetAlarmState only when the state changes, and the next evaluation restores the evaluated state', async () => {
    await routeAlarmEventsToTarget();
    publishEveryMinute('Errors', () => 0);
    await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 })));
    await sandbox.clock.sleep(2 * MINUTE);
    expect(await stateOf('checkout-errors')).toBe('OK');

    await sandbox.clock.sleep(10_000);
    const set = { AlarmName: 'checkout-errors', StateValue: 'ALARM' as const, StateReason: 'drill', StateReasonData: '{"drill":true}' };
    await sandbox.cw.send(new SetAlarmStateCommand(set));
    await sandbox.cw.send(new SetAlarmStateCommand(set));
    expect(await stateOf('checkout-errors')).toBe('ALARM');
    expect(sandbox.deliveries).toHaveLength(1);
    expect(sandbox.deliveries[0]!.event.detail.state).toEqual({
      value: 'ALARM',
      reason: 'drill',
      reasonData: '{"drill":true}',
      timestamp: '2024-01-01T00:02:10.000+0000',
    });

    await sandbox.clock.sleep(MINUTE);
    expect(await stateOf('checkout-errors')).toBe('OK');
    const states = sandbox.journal
      .entries()
      .filter((e) => e.action === 'AlarmStateChange')
      .map((e) => e.detail.state);
    expect(states).toEqual(['OK', 'ALARM', 'OK']);
  });

  it('rejects SetAlarmState with bad reason data or an unknown alarm', async () => {
    await sandbox.cw.send(new PutMetricAlarmCommand(errorsAlarm()));
    const base = { AlarmName: 'checkout-errors', StateValue: 'ALARM' as const, StateReason: 'x' };
    await expect(sandbox.cw.send(new SetAlarmStateCommand({ ...base, StateReasonData: 'not json' }))).rejects.toMatchObject({
      name: 'InvalidFormatFault',
      Code: 'InvalidFormat',
    });
    await expect(sandbox.cw.send(new SetAlarmStateCommand({ ...base, StateReasonData: JSON.stringify({ pad: 'x'.repeat(4000) }) }))).rejects.toMatchObject({
      Code: 'InvalidFormat',
    });
    await expect(sandbox.cw.send(new SetAlarmStateCommand({ ...base, AlarmName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    expect(await stateOf('checkout-errors')).toBe('INSUFFICIENT_DATA');
  });

  it('evaluates a metric-math error-rate alarm', async () => {
    await routeAlarmEventsToTarget();
    publishEveryMinute('Invocations', () => 100);
    publishEveryMinute('Errors', (minute) => (minute < 2 ? 1 : 20));
    const stat = (MetricName: string) => ({ Metric: { Namespace: 'Braid/Test', MetricName }, Period: 60, Stat: 'Sum' });
    await sandbox.cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'checkout-error-rate',
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: [
          { Id: 'errors', MetricStat: stat('Errors'), ReturnData: false },
          { Id: 'invocations', MetricStat: stat('Invocations'), ReturnData: false },
          { Id: 'rate', Expression: '100*(errors/invocations)', Label: 'Error rate (%)', ReturnData: true },
        ],
      }),
    );
    await sandbox.clock.sleep(2 * MINUTE);
    expect(await stateOf('checkout-error-rate')).toBe('OK');
    await sandbox.clock.sleep(MINUTE);
    expect(await stateOf('checkout-error-rate')).toBe('ALARM');

    expect(sandbox.deliveries).toHaveLength(1);
    const detail = sandbox.deliveries[0]!.event.detail as { state: { reasonData: string }; configuration: { metrics: unknown[] } };
    expect(detail.configuration.metrics).toEqual([
      { id: 'errors', metricStat: { metric: { dimensions: {}, name: 'Errors', namespace: 'Braid/Test' }, period: 60, stat: 'Sum' }, returnData: false },
      {
        id: 'invocations',
        metricStat: { metric: { dimensions: {}, name: 'Invocations', namespace: 'Braid/Test' }, period: 60, stat: 'Sum' },
        returnData: false,
      },
      { id: 'rate', expression: '100*(errors/invocations)', label: 'Error rate (%)', returnData: true },
    ]);
    expect(JSON.parse(detail.state.reasonData).recentDatapoints).toEqual([20]);
  });
});
