import type { EventSink, Journal, MetricDatum, MetricSink } from '../contracts.js';
import { toAwsError } from '../http/protocol.js';
import { AwsServiceError, type EmulatedService, type SandboxRequest, type SandboxResponse } from '../http/service.js';
import type { VirtualClock } from '../virtual-clock.js';
import { alarmStateChangeEvent } from './alarm-event.js';
import { evaluateAlarm } from './alarm-evaluation.js';
import { cloudWatchCall, cloudWatchErrorResponse, cloudWatchResponse, readCloudWatchInput } from './cloudwatch-protocol.js';
import { describeMetricAlarm, readMetricAlarm, type AlarmState, type MetricAlarm } from './metric-alarm.js';
import { assertPeriod, readDimensions, readMetric, readMetricQueries, runMetricQueries } from './metric-query.js';
import { MetricStore, type MetricIdentity } from './metric-store.js';
import { assertStatistic, computeStatistic } from './statistic.js';

/** What the CloudWatch emulator needs from the sandbox. */
export interface CloudWatchEmulatorOptions {
  /** Drives alarm evaluation: alarms are evaluated as virtual time crosses their period boundaries. */
  readonly clock: VirtualClock;
  /** Receives "CloudWatch Alarm State Change" events (the EventBridge emulator). */
  readonly events: EventSink;
  readonly journal: Journal;
}

type Input = Record<string, unknown>;
type Handler = (input: Input) => Promise<Input> | Input;

const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const MAX_REASON_DATA = 4000;

function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationError', message);
}

function epochMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationError(`${field} must be a timestamp, got ${JSON.stringify(value)}.`);
  return value * 1000;
}

function names(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string')) throw validationError(`${field} must be a list of alarm names.`);
  return value as string[];
}

/**
 * CloudWatch for the sandbox: metrics (PutMetricData and in-process `putDatum`), GetMetricData
 * with metric math, and metric alarms evaluated on the virtual clock, which put "CloudWatch
 * Alarm State Change" events on the bus. Speaks AWS JSON 1.0 (SDK v3) and RPC v2 CBOR (botocore).
 */
export class CloudWatchEmulator implements EmulatedService, MetricSink {
  readonly endpointId = 'CLOUDWATCH';
  private readonly store = new MetricStore();
  private readonly alarms = new Map<string, MetricAlarm>();
  /** Next period boundary (ms) at which each alarm is evaluated. */
  private readonly nextEvaluationMs = new Map<string, number>();
  private readonly clock: VirtualClock;
  private readonly events: EventSink;
  private readonly journal: Journal;
  private readonly handlers: Record<string, Handler> = {
    PutMetricData: (input) => this.putMetricData(input),
    GetMetricData: (input) => this.getMetricData(input),
    GetMetricStatistics: (input) => this.getMetricStatistics(input),
    ListMetrics: (input) => this.listMetrics(input),
    PutMetricAlarm: (input) => this.putMetricAlarm(input),
    DescribeAlarms: (input) => this.describeAlarms(input),
    DeleteAlarms: (input) => this.deleteAlarms(input),
    SetAlarmState: (input) => this.setAlarmState(input),
    EnableAlarmActions: (input) => this.setActionsEnabled(input, true),
    DisableAlarmActions: (input) => this.setActionsEnabled(input, false),
  };

  constructor(options: CloudWatchEmulatorOptions) {
    this.clock = options.clock;
    this.events = options.events;
    this.journal = options.journal;
    this.clock.onAdvance((_fromMs, toMs) => this.evaluateDue(toMs));
  }

  accepts(request: SandboxRequest): boolean {
    return cloudWatchCall(request) !== undefined;
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const call = cloudWatchCall(request)!;
    try {
      const handler = this.handlers[call.operation];
      if (!handler) throw new AwsServiceError('UnknownOperationException', `The sandbox's CloudWatch does not implement ${call.operation}.`);
      return cloudWatchResponse(await handler(readCloudWatchInput(request, call.wire)), call.wire);
    } catch (error) {
      return cloudWatchErrorResponse(toAwsError(error), call.wire);
    }
  }

  /** Records one observation published by an emulated service (e.g. Lambda's `AWS/Lambda` metrics). */
  putDatum(datum: MetricDatum): void {
    const identity = { namespace: datum.namespace, metricName: datum.metricName, dimensions: datum.dimensions };
    this.store.addValue(identity, datum.timestampMs, datum.value, 1, datum.unit);
  }

  /** Evaluates every alarm whose period boundary the clock has reached, in time order. */
  private async evaluateDue(toMs: number): Promise<void> {
    for (;;) {
      let due: MetricAlarm | undefined;
      let dueMs = Infinity;
      for (const alarm of this.alarms.values()) {
        const next = this.nextEvaluationMs.get(alarm.name)!;
        if (next <= toMs && next < dueMs) [due, dueMs] = [alarm, next];
      }
      if (!due) return;
      this.nextEvaluationMs.set(due.name, dueMs + due.periodSec * 1000);
      const next = evaluateAlarm(this.store, due, dueMs, dueMs);
      if (next && next.value !== due.state.value) await this.changeState(due, next);
    }
  }

  /** Applies a state change, journals it and emits the state-change event. */
  private async changeState(alarm: MetricAlarm, next: AlarmState): Promise<void> {
    const previous = alarm.state;
    alarm.state = next;
    alarm.stateTransitionedMs = next.timestampMs;
    this.journal.record({
      service: 'cloudwatch',
      action: 'AlarmStateChange',
      detail: { alarmName: alarm.name, previousState: previous.value, state: next.value, reason: next.reason },
    });
    await this.events.emit(alarmStateChangeEvent(alarm, previous));
  }

  private putMetricData(input: Input): Input {
    const namespace = input.Namespace;
    if (typeof namespace !== 'string' || namespace.length === 0) throw validationError('Namespace is required.');
    if (namespace.startsWith('AWS/')) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `The value ${namespace} for parameter Namespace is invalid: namespaces starting with "AWS/" are reserved for AWS services.`,
      );
    }
    if (!Array.isArray(input.MetricData) || input.MetricData.length === 0) throw validationError('MetricData must be a non-empty list.');
    for (const [index, raw] of (input.MetricData as Input[]).entries()) {
      const where = `MetricData[${index}]`;
      if (typeof raw?.MetricName !== 'string') throw validationError(`${where}.MetricName is required.`);
      const identity: MetricIdentity = { namespace, metricName: raw.MetricName, dimensions: readDimensions(raw.Dimensions, `${where}.Dimensions`) };
      const timestampMs = raw.Timestamp === undefined ? this.clock.nowMs() : epochMs(raw.Timestamp, `${where}.Timestamp`);
      const unit = typeof raw.Unit === 'string' ? raw.Unit : undefined;
      if (raw.StatisticValues !== undefined) {
        const set = raw.StatisticValues as Input;
        const { Sum, SampleCount, Minimum, Maximum } = set;
        if ([Sum, SampleCount, Minimum, Maximum].some((v) => typeof v !== 'number')) {
          throw validationError(`${where}.StatisticValues needs numeric Sum, SampleCount, Minimum and Maximum, got ${JSON.stringify(set)}.`);
        }
        this.store.add(
          identity,
          timestampMs,
          { sum: Sum as number, count: SampleCount as number, min: Minimum as number, max: Maximum as number, samples: undefined },
          unit,
        );
      } else if (Array.isArray(raw.Values)) {
        const counts = Array.isArray(raw.Counts) ? (raw.Counts as number[]) : [];
        if (counts.length > 0 && counts.length !== raw.Values.length) {
          throw validationError(`${where}: Values has ${raw.Values.length} entries but Counts has ${counts.length}; they must be the same length.`);
        }
        (raw.Values as number[]).forEach((value, i) => this.store.addValue(identity, timestampMs, value, counts[i] ?? 1, unit));
      } else if (typeof raw.Value === 'number') {
        this.store.addValue(identity, timestampMs, raw.Value, 1, unit);
      } else {
        throw validationError(`${where} needs one of Value, Values or StatisticValues.`);
      }
    }
    return {};
  }

  private getMetricData(input: Input): Input {
    const startMs = epochMs(input.StartTime, 'StartTime');
    const endMs = epochMs(input.EndTime, 'EndTime');
    if (endMs <= startMs) throw validationError('EndTime must be after StartTime.');
    const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
    const queries = readMetricQueries(input.MetricDataQueries);
    const results = runMetricQueries(this.store, queries, startMs, endMs)
      .filter((result) => queries.find((query) => query.id === result.id)!.returnData)
      .map((result) => {
        const points = [...result.series].sort(([a], [b]) => (descending ? b - a : a - b));
        return {
          Id: result.id,
          Label: result.label,
          Timestamps: points.map(([t]) => t / 1000),
          Values: points.map(([, v]) => v),
          StatusCode: 'Complete',
          Messages: [],
        };
      });
    return { MetricDataResults: results, Messages: [] };
  }

  private getMetricStatistics(input: Input): Input {
    const metric = readMetric(input, 'The request');
    assertPeriod(input.Period);
    const startMs = epochMs(input.StartTime, 'StartTime');
    const endMs = epochMs(input.EndTime, 'EndTime');
    const statistics = (input.Statistics ?? []) as unknown[];
    const extended = (input.ExtendedStatistics ?? []) as unknown[];
    if (statistics.length + extended.length === 0) throw validationError('Give at least one of Statistics and ExtendedStatistics.');
    for (const stat of [...statistics, ...extended]) assertStatistic(stat, 'Statistic');
    const unit = this.store.unitOf(metric);
    const datapoints = [...this.store.aggregate(metric, startMs, endMs, input.Period)].map(([t, set]) => {
      const point: Input = { Timestamp: t / 1000, Unit: unit ?? 'None' };
      for (const stat of statistics as string[]) point[stat] = computeStatistic(set, stat);
      if (extended.length > 0) point.ExtendedStatistics = Object.fromEntries((extended as string[]).map((stat) => [stat, computeStatistic(set, stat)]));
      return point;
    });
    return { Label: metric.metricName, Datapoints: datapoints };
  }

  private listMetrics(input: Input): Input {
    const filters = ((input.Dimensions ?? []) as Input[]).map((filter) => ({ name: filter.Name as string, value: filter.Value as string | undefined }));
    const metrics = this.store
      .list()
      .filter((m) => input.Namespace === undefined || m.namespace === input.Namespace)
      .filter((m) => input.MetricName === undefined || m.metricName === input.MetricName)
      .filter((m) => filters.every((f) => f.name in m.dimensions && (f.value === undefined || m.dimensions[f.name] === f.value)))
      .map((m) => ({
        Namespace: m.namespace,
        MetricName: m.metricName,
        Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
      }));
    return { Metrics: metrics };
  }

  private putMetricAlarm(input: Input): Input {
    const previous = typeof input.AlarmName === 'string' ? this.alarms.get(input.AlarmName) : undefined;
    const now = this.clock.nowMs();
    const alarm = readMetricAlarm(input, now, previous);
    this.alarms.set(alarm.name, alarm);
    const periodMs = alarm.periodSec * 1000;
    this.nextEvaluationMs.set(alarm.name, Math.floor(now / periodMs) * periodMs + periodMs);
    this.journal.record({ service: 'cloudwatch', action: 'PutMetricAlarm', detail: { alarmName: alarm.name, created: !previous, ...alarm.definition } });
    return {};
  }

  private describeAlarms(input: Input): Input {
    if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) {
      throw validationError('Give AlarmNames or AlarmNamePrefix, not both.');
    }
    if (input.StateValue !== undefined && !(STATE_VALUES as readonly unknown[]).includes(input.StateValue)) {
      throw validationError(`StateValue ${JSON.stringify(input.StateValue)} is not valid: use one of ${STATE_VALUES.join(', ')}.`);
    }
    const maxRecords = (input.MaxRecords as number | undefined) ?? 50;
    if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) throw validationError(`MaxRecords ${maxRecords} is not valid: use 1 to 100.`);
    const types = input.AlarmTypes as string[] | undefined;
    if (types !== undefined && !types.includes('MetricAlarm')) return { MetricAlarms: [], CompositeAlarms: [] };
    const wanted = input.AlarmNames === undefined ? undefined : new Set(names(input.AlarmNames, 'AlarmNames'));
    const prefix = input.AlarmNamePrefix as string | undefined;
    const after = typeof input.NextToken === 'string' ? Buffer.from(input.NextToken, 'base64url').toString('utf8') : '';
    const matching = [...this.alarms.values()]
      .filter((alarm) => !wanted || wanted.has(alarm.name))
      .filter((alarm) => prefix === undefined || alarm.name.startsWith(prefix))
      .filter((alarm) => input.StateValue === undefined || alarm.state.value === input.StateValue)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .filter((alarm) => alarm.name > after);
    const page = matching.slice(0, maxRecords);
    const nextToken = matching.length > maxRecords ? Buffer.from(page[page.length - 1]!.name, 'utf8').toString('base64url') : undefined;
    return { MetricAlarms: page.map(describeMetricAlarm), CompositeAlarms: [], NextToken: nextToken };
  }

  private deleteAlarms(input: Input): Input {
    const alarmNames = names(input.AlarmNames, 'AlarmNames');
    const unknown = alarmNames.filter((name) => !this.alarms.has(name));
    if (unknown.length > 0)
      throw new AwsServiceError('ResourceNotFound', `No alarm named ${unknown.map((n) => JSON.stringify(n)).join(', ')} exists; nothing was deleted.`, 404);
    for (const name of alarmNames) {
      this.alarms.delete(name);
      this.nextEvaluationMs.delete(name);
    }
    this.journal.record({ service: 'cloudwatch', action: 'DeleteAlarms', detail: { alarmNames } });
    return {};
  }

  private async setAlarmState(input: Input): Promise<Input> {
    const alarm = typeof input.AlarmName === 'string' ? this.alarms.get(input.AlarmName) : undefined;
    if (!alarm)
      throw new AwsServiceError('ResourceNotFound', `No alarm named ${JSON.stringify(input.AlarmName)} exists; create it with PutMetricAlarm first.`, 404);
    const value = input.StateValue;
    if (!(STATE_VALUES as readonly unknown[]).includes(value)) {
      throw validationError(`StateValue ${JSON.stringify(value)} is not valid: use one of ${STATE_VALUES.join(', ')}.`);
    }
    if (typeof input.StateReason !== 'string') throw validationError('StateReason is required.');
    const reasonData = input.StateReasonData;
    if (reasonData !== undefined) {
      const valid = typeof reasonData === 'string' && reasonData.length <= MAX_REASON_DATA && isJson(reasonData);
      if (!valid) {
        const given =
          typeof reasonData === 'string' ? `${reasonData.length} characters${isJson(reasonData) ? '' : ' that are not valid JSON'}` : `a ${typeof reasonData}`;
        throw new AwsServiceError('InvalidFormat', `StateReasonData must be JSON of at most ${MAX_REASON_DATA} characters; got ${given}.`);
      }
    }
    const next: AlarmState = {
      value: value as AlarmState['value'],
      reason: input.StateReason,
      reasonData: reasonData as string | undefined,
      timestampMs: this.clock.nowMs(),
    };
    const changed = next.value !== alarm.state.value;
    this.journal.record({
      service: 'cloudwatch',
      action: 'SetAlarmState',
      detail: { alarmName: alarm.name, previousState: alarm.state.value, state: next.value, changed },
    });
    // CloudWatch emits a state-change event only when the state actually changes.
    if (changed) await this.changeState(alarm, next);
    return {};
  }

  private setActionsEnabled(input: Input, enabled: boolean): Input {
    for (const name of names(input.AlarmNames, 'AlarmNames')) {
      const alarm = this.alarms.get(name);
      if (alarm) alarm.actionsEnabled = enabled;
    }
    return {};
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
