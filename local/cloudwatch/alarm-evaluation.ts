import { breaches, decideAlarmState, type AlarmStateValue, type ComparisonOperator } from './alarm-decision.js';
import { formatAlarmTimestamp, formatDouble, formatReasonTime } from './aws-time.js';
import type { AlarmState, MetricAlarm } from './metric-alarm.js';
import { runMetricQueries } from './metric-query.js';
import type { MetricStore } from './metric-store.js';

const VERBS: Record<ComparisonOperator, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function reasonText(alarm: MetricAlarm, next: AlarmStateValue, present: ReadonlyArray<{ t: number; v: number }>, considered: number, missing: number): string {
  if (next === 'INSUFFICIENT_DATA') return `Insufficient Data: ${plural(missing, 'datapoint')} ${missing === 1 ? 'was' : 'were'} unknown.`;
  // The datapoints that justify the new state, most recent first, like CloudWatch's reasons.
  const cited = present.filter(({ v }) => breaches(v, alarm) === (next === 'ALARM')).reverse();
  const listed = cited.map(({ t, v }) => `${formatDouble(v)} (${formatReasonTime(t)})`).join(', ');
  const verb = `${cited.length === 1 ? 'was' : 'were'} ${next === 'OK' ? 'not ' : ''}${VERBS[alarm.comparisonOperator]}`;
  const transition = `${alarm.state.value} -> ${next}`;
  return (
    `Threshold Crossed: ${cited.length} out of the last ${plural(considered, 'datapoint')} [${listed}] ${verb} the threshold ` +
    `(${formatDouble(alarm.threshold)}) (minimum ${plural(alarm.datapointsToAlarm, 'datapoint')} for ${transition} transition).`
  );
}

/**
 * Evaluates an alarm for the period that ended at `boundaryMs`: computes the datapoints of its
 * last EvaluationPeriods periods from the metric store and decides the state.
 * @returns the state the alarm should be in, or undefined to keep the current one
 */
export function evaluateAlarm(store: MetricStore, alarm: MetricAlarm, boundaryMs: number, nowMs: number): AlarmState | undefined {
  const periodMs = alarm.periodSec * 1000;
  const startMs = boundaryMs - alarm.evaluationPeriods * periodMs;
  const result = runMetricQueries(store, alarm.queries, startMs, boundaryMs).find((r) => r.id === alarm.returnId)!;
  const datapoints: Array<number | undefined> = [];
  for (let t = startMs; t < boundaryMs; t += periodMs) datapoints.push(result.series.get(t));

  const decision = decideAlarmState(datapoints, alarm);
  if (decision.state === 'retain') return undefined;
  const present = datapoints.flatMap((v, i) => (v === undefined ? [] : [{ t: startMs + i * periodMs, v }]));
  const single = alarm.queries.length === 1 && alarm.queries[0]!.metricStat;
  const reasonData: Record<string, unknown> = {
    version: '1.0',
    queryDate: formatAlarmTimestamp(nowMs),
    startDate: formatAlarmTimestamp(present[0]?.t ?? startMs),
  };
  if (single) reasonData.statistic = single.stat;
  reasonData.period = alarm.periodSec;
  reasonData.recentDatapoints = present.map(({ v }) => v);
  reasonData.threshold = alarm.threshold;
  reasonData.evaluatedDatapoints = [...present].reverse().map(({ t, v }) => ({ timestamp: formatAlarmTimestamp(t), value: v }));
  return {
    value: decision.state,
    reason: reasonText(alarm, decision.state, present, decision.considered, decision.missing),
    reasonData: JSON.stringify(reasonData),
    timestampMs: nowMs,
  };
}
