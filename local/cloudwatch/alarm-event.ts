import { SANDBOX_ACCOUNT, SANDBOX_REGION, type BusEvent } from '../contracts.js';
import { stableEventId } from '../eventbridge/event-id.js';
import { formatEventTime } from '../eventbridge/event-time.js';
import { formatAlarmTimestamp } from './aws-time.js';
import type { AlarmState, MetricAlarm } from './metric-alarm.js';
import type { MetricQuery } from './metric-query.js';

function stateDetail(state: AlarmState): Record<string, unknown> {
  const detail: Record<string, unknown> = { value: state.value, reason: state.reason };
  if (state.reasonData !== undefined) detail.reasonData = state.reasonData;
  detail.timestamp = formatAlarmTimestamp(state.timestampMs);
  return detail;
}

function metricDetail(alarm: MetricAlarm, query: MetricQuery, index: number): Record<string, unknown> {
  // CloudWatch names a single-metric alarm's metric with a generated id; derive it so runs replay.
  const id = alarm.definition.Metrics === undefined ? stableEventId('alarm-metric', alarm.arn, index) : query.id;
  const entry: Record<string, unknown> = { id };
  if (query.metricStat) {
    const { metric, periodSec, stat } = query.metricStat;
    entry.metricStat = {
      metric: { dimensions: { ...metric.dimensions }, name: metric.metricName, namespace: metric.namespace },
      period: periodSec,
      stat,
    };
  } else {
    entry.expression = query.expression!.text;
    if (query.label !== undefined) entry.label = query.label;
  }
  entry.returnData = query.id === alarm.returnId;
  return entry;
}

/**
 * The "CloudWatch Alarm State Change" event CloudWatch puts on the default bus when an alarm's
 * state changes, in AWS's shape (reasonData a JSON string, `+0000` timestamps).
 */
export function alarmStateChangeEvent(alarm: MetricAlarm, previous: AlarmState): BusEvent {
  const configuration: Record<string, unknown> = { metrics: alarm.queries.map((query, index) => metricDetail(alarm, query, index)) };
  if (alarm.description !== undefined) configuration.description = alarm.description;
  return {
    version: '0',
    id: stableEventId('alarm-state-change', alarm.arn, alarm.state.value, alarm.state.timestampMs),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: SANDBOX_ACCOUNT,
    time: formatEventTime(alarm.state.timestampMs),
    region: SANDBOX_REGION,
    resources: [alarm.arn],
    detail: {
      alarmName: alarm.name,
      state: stateDetail(alarm.state),
      previousState: stateDetail(previous),
      configuration,
    },
  };
}
