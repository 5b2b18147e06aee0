import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricSink } from '../contracts.js';

/**
 * Powertools Metrics that deliver to the sandbox's CloudWatch instead of printing EMF to
 * stdout (which belongs to the CLI), so Braid's own metrics can be queried like on AWS.
 */
export class SandboxMetrics extends Metrics {
  constructor(
    private readonly sink: MetricSink,
    private readonly clock: { nowMs(): number },
  ) {
    super({ namespace: 'Braid', serviceName: 'braid' });
  }

  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics()) {
      const emf = this.serializeMetrics();
      for (const directive of emf._aws.CloudWatchMetrics) {
        const dimensions = Object.fromEntries((directive.Dimensions[0] ?? []).map((name) => [name, String(emf[name])]));
        for (const metric of directive.Metrics) {
          const values = emf[metric.Name];
          for (const value of Array.isArray(values) ? values : [values]) {
            this.sink.putDatum({
              namespace: directive.Namespace,
              metricName: metric.Name,
              dimensions,
              timestampMs: this.clock.nowMs(),
              value: Number(value),
              unit: metric.Unit,
            });
          }
        }
      }
    }
    this.clearMetrics();
    this.clearDimensions();
    return this;
  }
}
