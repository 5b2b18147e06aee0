import { SANDBOX_ACCOUNT, SANDBOX_REGION } from '../contracts.js';
import { AwsServiceError } from '../http/service.js';
import {
  COMPARISON_OPERATORS,
  TREAT_MISSING_DATA,
  type AlarmRule,
  type AlarmStateValue,
  type ComparisonOperator,
  type TreatMissingData,
} from './alarm-decision.js';
import { assertPeriod, periodOf, readMetric, readMetricQueries, type MetricQuery } from './metric-query.js';
import { assertStatistic, isPercentileStatistic, isSimpleStatistic } from './statistic.js';

/** An alarm's state with its explanation, as DescribeAlarms and alarm events report it. */
export interface AlarmState {
  readonly value: AlarmStateValue;
  readonly reason: string;
  /** JSON text, absent when the state was not set with data (e.g. at creation). */
  readonly reasonData: string | undefined;
  readonly timestampMs: number;
}

/** A metric alarm as the emulator keeps it. */
export interface MetricAlarm extends AlarmRule {
  readonly name: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly evaluationPeriods: number;
  /** Every alarm is evaluated as queries: one MetricStat for a single-metric alarm. */
  readonly queries: readonly MetricQuery[];
  /** The query whose values are compared with the threshold. */
  readonly returnId: string;
  readonly periodSec: number;
  /** The wire fields of the definition, echoed by DescribeAlarms. */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly configUpdatedMs: number;
  actionsEnabled: boolean;
  state: AlarmState;
  stateTransitionedMs: number;
}

/** The ARN of an alarm in the sandbox's account. */
export function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:alarm:${name}`;
}

function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationError', message);
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw validationError(`${field} ${JSON.stringify(value)} is not valid: it must be an integer of at least 1.`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw validationError(`${field} ${JSON.stringify(value)} is not valid: use one of ${allowed.join(', ')}.`);
}

const DEFINITION_FIELDS = [
  'AlarmDescription',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'Metrics',
] as const;

/**
 * Validates a PutMetricAlarm request and builds the alarm (a new alarm starts in
 * INSUFFICIENT_DATA; an update keeps the previous state, as in CloudWatch).
 */
export function readMetricAlarm(input: Record<string, unknown>, nowMs: number, previous: MetricAlarm | undefined): MetricAlarm {
  const name = input.AlarmName;
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
    throw validationError(`AlarmName ${JSON.stringify(name)} is not valid: it must be 1 to 255 characters.`);
  }
  const evaluationPeriods = positiveInteger(input.EvaluationPeriods, 'EvaluationPeriods');
  const datapointsToAlarm = input.DatapointsToAlarm === undefined ? evaluationPeriods : positiveInteger(input.DatapointsToAlarm, 'DatapointsToAlarm');
  if (datapointsToAlarm > evaluationPeriods) {
    throw validationError(`DatapointsToAlarm (${datapointsToAlarm}) must not be greater than EvaluationPeriods (${evaluationPeriods}).`);
  }
  if (typeof input.Threshold !== 'number' || !Number.isFinite(input.Threshold)) {
    throw validationError(`Threshold ${JSON.stringify(input.Threshold)} is not valid: a static-threshold alarm needs a number.`);
  }
  const comparisonOperator = oneOf<ComparisonOperator>(input.ComparisonOperator, COMPARISON_OPERATORS, 'ComparisonOperator');
  const treatMissingData = oneOf<TreatMissingData>(input.TreatMissingData, TREAT_MISSING_DATA, 'TreatMissingData', 'missing');

  const single = input.MetricName !== undefined || input.Namespace !== undefined;
  if (single === (input.Metrics !== undefined)) {
    throw validationError('An alarm needs either MetricName and Namespace (a single metric) or Metrics (metric math), not both and not neither.');
  }
  let queries: MetricQuery[];
  let returnId: string;
  if (single) {
    assertPeriod(input.Period);
    const stat = input.Statistic ?? input.ExtendedStatistic;
    if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) {
      throw validationError('A single-metric alarm needs exactly one of Statistic and ExtendedStatistic.');
    }
    assertStatistic(stat, input.Statistic !== undefined ? 'Statistic' : 'ExtendedStatistic');
    if (input.Statistic !== undefined && !isSimpleStatistic(stat))
      throw validationError(`Statistic ${JSON.stringify(stat)} is a percentile: pass it as ExtendedStatistic.`);
    if (input.ExtendedStatistic !== undefined && !isPercentileStatistic(stat))
      throw validationError(`ExtendedStatistic ${JSON.stringify(stat)} is not a percentile such as p99: pass it as Statistic.`);
    const metric = readMetric(input, 'The alarm metric');
    returnId = 'm1';
    queries = [{ id: returnId, label: undefined, returnData: true, metricStat: { metric, periodSec: input.Period, stat } }];
  } else {
    queries = readMetricQueries(input.Metrics, 'Metrics');
    const returned = queries.filter((query) => query.returnData);
    if (returned.length !== 1) {
      throw validationError(`Metrics must have exactly one entry with ReturnData true (the value compared with the threshold); got ${returned.length}.`);
    }
    returnId = returned[0]!.id;
  }
  const periodSec = periodOf(
    queries.find((query) => query.id === returnId)!,
    new Map(queries.map((query) => [query.id, query])),
  );

  const definition: Record<string, unknown> = {};
  for (const field of DEFINITION_FIELDS) if (input[field] !== undefined) definition[field] = input[field];
  definition.DatapointsToAlarm = datapointsToAlarm;
  definition.TreatMissingData = treatMissingData;
  return {
    name,
    arn: alarmArn(name),
    description: typeof input.AlarmDescription === 'string' ? input.AlarmDescription : undefined,
    evaluationPeriods,
    datapointsToAlarm,
    threshold: input.Threshold,
    comparisonOperator,
    treatMissingData,
    queries,
    returnId,
    periodSec,
    definition,
    configUpdatedMs: nowMs,
    actionsEnabled: input.ActionsEnabled !== false,
    state: previous?.state ?? { value: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation', reasonData: undefined, timestampMs: nowMs },
    stateTransitionedMs: previous?.stateTransitionedMs ?? nowMs,
  };
}

/** The alarm as DescribeAlarms returns it (`MetricAlarms[]`), timestamps as epoch seconds. */
export function describeMetricAlarm(alarm: MetricAlarm): Record<string, unknown> {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmConfigurationUpdatedTimestamp: alarm.configUpdatedMs / 1000,
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    Dimensions: alarm.definition.MetricName !== undefined ? [] : undefined,
    ...alarm.definition,
    StateValue: alarm.state.value,
    StateReason: alarm.state.reason,
    StateReasonData: alarm.state.reasonData,
    StateUpdatedTimestamp: alarm.state.timestampMs / 1000,
    StateTransitionedTimestamp: alarm.stateTransitionedMs / 1000,
  };
}
