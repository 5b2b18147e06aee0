import { AwsServiceError } from '../http/service.js';
import { evaluateMetricMath, parseMetricMath, referencedIds, type MathNode, type TimeSeries } from './metric-math.js';
import type { MetricIdentity, MetricStore } from './metric-store.js';
import { assertStatistic, computeStatistic } from './statistic.js';

/** A `MetricStat` of a query: which metric, over which period, with which statistic. */
export interface MetricStatSpec {
  readonly metric: MetricIdentity;
  readonly periodSec: number;
  readonly stat: string;
}

/** One validated `MetricDataQuery`: either a metric statistic or an expression over other queries. */
export interface MetricQuery {
  readonly id: string;
  readonly label: string | undefined;
  readonly returnData: boolean;
  readonly metricStat?: MetricStatSpec;
  readonly expression?: { readonly text: string; readonly tree: MathNode; readonly periodSec: number | undefined };
}

/** The answer to one query: its label and its datapoints. */
export interface MetricQueryResult {
  readonly id: string;
  readonly label: string;
  readonly series: TimeSeries;
}

function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationError', message);
}

/** Throws `ValidationError` unless `period` is one CloudWatch accepts: 10, 20, 30 or a multiple of 60 seconds. */
export function assertPeriod(period: unknown, field = 'Period'): asserts period is number {
  const ok = typeof period === 'number' && Number.isInteger(period) && (period === 10 || period === 20 || period === 30 || (period > 0 && period % 60 === 0));
  if (!ok) {
    throw validationError(`${field} ${JSON.stringify(period)} is not valid: the period must be 10, 20, 30 or a multiple of 60 seconds.`);
  }
}

/** Reads `[{Name, Value}]` into a record, rejecting malformed entries. */
export function readDimensions(raw: unknown, field: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!Array.isArray(raw)) throw validationError(`${field} must be a list of {Name, Value}.`);
  const dimensions: Record<string, string> = {};
  for (const entry of raw as Array<Record<string, unknown>>) {
    if (typeof entry?.Name !== 'string' || typeof entry.Value !== 'string') {
      throw validationError(`${field} has an entry without a string Name and Value: ${JSON.stringify(entry)}.`);
    }
    dimensions[entry.Name] = entry.Value;
  }
  return dimensions;
}

/** Reads a wire `Metric` ({Namespace, MetricName, Dimensions}). */
export function readMetric(raw: unknown, field: string): MetricIdentity {
  const metric = (raw ?? {}) as Record<string, unknown>;
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') {
    throw validationError(`${field} needs a Namespace and a MetricName, got ${JSON.stringify(raw)}.`);
  }
  return { namespace: metric.Namespace, metricName: metric.MetricName, dimensions: readDimensions(metric.Dimensions, `${field}.Dimensions`) };
}

/** Validates wire `MetricDataQueries` (GetMetricData, or a metric-math alarm's `Metrics`). */
export function readMetricQueries(raw: unknown, field = 'MetricDataQueries'): MetricQuery[] {
  if (!Array.isArray(raw) || raw.length === 0) throw validationError(`${field} must be a non-empty list of queries.`);
  const queries = (raw as Array<Record<string, unknown>>).map((entry, index): MetricQuery => {
    const where = `${field}[${index}]`;
    const id = entry?.Id;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw validationError(
        `${where}.Id ${JSON.stringify(id)} is not valid: it must start with a lowercase letter and contain only letters, digits and underscores.`,
      );
    }
    const label = typeof entry.Label === 'string' ? entry.Label : undefined;
    const returnData = entry.ReturnData !== false;
    const hasStat = entry.MetricStat !== undefined;
    const hasExpression = entry.Expression !== undefined;
    if (hasStat === hasExpression) throw validationError(`${where} must have exactly one of MetricStat and Expression.`);
    if (hasStat) {
      const stat = entry.MetricStat as Record<string, unknown>;
      assertPeriod(stat.Period, `${where}.MetricStat.Period`);
      assertStatistic(stat.Stat, `${where}.MetricStat.Stat`);
      return { id, label, returnData, metricStat: { metric: readMetric(stat.Metric, `${where}.MetricStat.Metric`), periodSec: stat.Period, stat: stat.Stat } };
    }
    if (typeof entry.Expression !== 'string') throw validationError(`${where}.Expression must be a string.`);
    if (entry.Period !== undefined) assertPeriod(entry.Period, `${where}.Period`);
    return {
      id,
      label,
      returnData,
      expression: { text: entry.Expression, tree: parseMetricMath(entry.Expression), periodSec: entry.Period as number | undefined },
    };
  });
  const ids = new Set<string>();
  for (const query of queries) {
    if (ids.has(query.id)) throw validationError(`${field} has the Id ${JSON.stringify(query.id)} more than once; ids must be unique.`);
    ids.add(query.id);
  }
  const refs = new Map(queries.map((query) => [query.id, query.expression ? referencedIds(query.expression.tree) : []]));
  for (const query of queries) {
    for (const ref of refs.get(query.id)!) {
      if (!ids.has(ref))
        throw validationError(
          `Expression ${JSON.stringify(query.expression!.text)} of ${query.id} refers to ${JSON.stringify(ref)}, which is not the Id of another query.`,
        );
    }
  }
  // Reject cycles here, so evaluating an alarm on the clock can never fail on its definition.
  const done = new Set<string>();
  const visit = (id: string, path: readonly string[]): void => {
    if (path.includes(id)) throw validationError(`Expressions refer to each other in a cycle (${[...path, id].join(' -> ')}); remove the cycle.`);
    if (done.has(id)) return;
    for (const ref of refs.get(id)!) visit(ref, [...path, id]);
    done.add(id);
  };
  for (const query of queries) visit(query.id, []);
  return queries;
}

/**
 * Period of a query in seconds: a metric's own; for an expression its own, else the smallest
 * period of the queries it uses, else 60 (a constant expression).
 */
export function periodOf(query: MetricQuery, byId: ReadonlyMap<string, MetricQuery>): number {
  if (query.metricStat) return query.metricStat.periodSec;
  if (query.expression!.periodSec !== undefined) return query.expression!.periodSec;
  const periods = referencedIds(query.expression!.tree).map((ref) => periodOf(byId.get(ref)!, byId));
  return periods.length > 0 ? Math.min(...periods) : 60;
}

/**
 * Runs validated queries over [startMs, endMs) and returns every query's result (callers filter
 * on `returnData`). Expressions may refer to any other query, in any order.
 */
export function runMetricQueries(store: MetricStore, queries: readonly MetricQuery[], startMs: number, endMs: number): MetricQueryResult[] {
  const byId = new Map(queries.map((query) => [query.id, query]));
  const memo = new Map<string, TimeSeries>();

  const seriesOf = (query: MetricQuery): TimeSeries => {
    const cached = memo.get(query.id);
    if (cached) return cached;
    let series: TimeSeries;
    if (query.metricStat) {
      const { metric, periodSec, stat } = query.metricStat;
      const values = new Map<number, number>();
      for (const [time, set] of store.aggregate(metric, startMs, endMs, periodSec)) {
        const value = computeStatistic(set, stat);
        if (value !== undefined) values.set(time, value);
      }
      series = values;
    } else {
      const periodMs = periodOf(query, byId) * 1000;
      const timestamps: number[] = [];
      for (let t = Math.floor(startMs / periodMs) * periodMs; t < endMs; t += periodMs) timestamps.push(t);
      const result = evaluateMetricMath(query.expression!.tree, (ref) => seriesOf(byId.get(ref)!), timestamps);
      // A constant expression is a flat line over the range, as in CloudWatch.
      series = typeof result === 'number' ? new Map(timestamps.map((t) => [t, result])) : result;
    }
    memo.set(query.id, series);
    return series;
  };

  return queries.map((query) => ({
    id: query.id,
    label: query.label ?? (query.metricStat ? query.metricStat.metric.metricName : query.id),
    series: seriesOf(query),
  }));
}
