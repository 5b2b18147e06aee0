import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { VersionTelemetry } from '../core/gate-judge.js';

/** The period of the per-version series Braid reads: CloudWatch's standard Lambda resolution. */
const PERIOD_SECONDS = 60;

/**
 * Reads one version's own Lambda metrics through an alias (`FunctionName`, `Resource`,
 * `ExecutedVersion` dimensions) over a window; changes nothing.
 */
export class VersionTelemetryReader {
  constructor(private readonly client: CloudWatchClient) {}

  async read(input: { functionName: string; aliasName: string; version: string; startMs: number; endMs: number }): Promise<VersionTelemetry> {
    const dimensions = [
      { Name: 'FunctionName', Value: input.functionName },
      { Name: 'Resource', Value: `${input.functionName}:${input.aliasName}` },
      { Name: 'ExecutedVersion', Value: input.version },
    ];
    const query = (id: string, metricName: string, stat = 'Sum'): MetricDataQuery => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: dimensions }, Period: PERIOD_SECONDS, Stat: stat },
      ReturnData: true,
    });
    // Period-aligned start: a window starting mid-period would drop that period's datapoints.
    const startMs = Math.floor(input.startMs / (PERIOD_SECONDS * 1000)) * PERIOD_SECONDS * 1000;
    const series = new Map<string, { timestamps: Date[]; values: number[] }>();
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: [query('invocations', 'Invocations'), query('errors', 'Errors'), query('latency', 'Duration', 'Average')],
          StartTime: new Date(startMs),
          EndTime: new Date(input.endMs),
          NextToken: nextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const into = series.get(result.Id ?? '') ?? { timestamps: [], values: [] };
        into.timestamps.push(...(result.Timestamps ?? []));
        into.values.push(...(result.Values ?? []));
        series.set(result.Id ?? '', into);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    const invocations = series.get('invocations') ?? { timestamps: [], values: [] };
    const withTraffic = invocations.timestamps.filter((_, index) => (invocations.values[index] ?? 0) > 0).map((timestamp) => timestamp.getTime());
    return {
      version: input.version,
      invocations: sum(invocations.values),
      errors: sum(series.get('errors')?.values ?? []),
      newestDatapointMs: withTraffic.length > 0 ? Math.max(...withTraffic) : undefined,
      latencyMs: series.get('latency')?.values ?? [],
    };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
