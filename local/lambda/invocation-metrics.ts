import type { MetricSink } from '../contracts.js';

/** One finished invocation, as the metrics see it. */
export interface InvocationRecord {
  readonly functionName: string;
  /** The qualifier the caller used (alias or version), absent for unqualified calls. */
  readonly qualifier?: string;
  readonly executedVersion: string;
  readonly failed: boolean;
  readonly durationMs: number;
  readonly timestampMs: number;
}

/** The namespace Lambda publishes its invocation metrics in. */
export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * Publishes `Invocations`, `Errors` and `Duration` for one invocation under the dimension sets
 * AWS uses: `{FunctionName}` always; for qualified calls also `{FunctionName, Resource}` and
 * the per-version `{FunctionName, Resource, ExecutedVersion}` that canary gates compare.
 */
export function publishInvocationMetrics(sink: MetricSink, record: InvocationRecord): void {
  const dimensionSets: Record<string, string>[] = [{ FunctionName: record.functionName }];
  if (record.qualifier !== undefined) {
    const resource = `${record.functionName}:${record.qualifier}`;
    dimensionSets.push(
      { FunctionName: record.functionName, Resource: resource },
      { FunctionName: record.functionName, Resource: resource, ExecutedVersion: record.executedVersion },
    );
  }
  const values = [
    { metricName: 'Invocations', value: 1, unit: 'Count' },
    { metricName: 'Errors', value: record.failed ? 1 : 0, unit: 'Count' },
    { metricName: 'Duration', value: record.durationMs, unit: 'Milliseconds' },
  ];
  for (const dimensions of dimensionSets) {
    for (const { metricName, value, unit } of values) {
      sink.putDatum({ namespace: LAMBDA_NAMESPACE, metricName, dimensions, timestampMs: record.timestampMs, value, unit });
    }
  }
}
