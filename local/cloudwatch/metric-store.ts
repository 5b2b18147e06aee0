/** A metric's identity: namespace, name and the exact set of dimensions. */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** What one second (or one period) of a metric holds: a statistic set plus raw samples for percentiles. */
export interface StatisticSet {
  sum: number;
  count: number;
  min: number;
  max: number;
  /** Raw values with their multiplicity; absent once a pre-aggregated statistic set was merged in. */
  samples: Array<{ value: number; count: number }> | undefined;
}

/** One series: every second that received data, keyed by epoch second. */
interface Series {
  readonly identity: MetricIdentity;
  readonly unit: string | undefined;
  readonly seconds: Map<number, StatisticSet>;
}

/**
 * The key of a series: CloudWatch treats each distinct dimension set as its own metric. Every
 * simulated invocation computes nine of these, so the parts are length-prefixed (unambiguous
 * whatever they contain) rather than serialised as JSON, which cost three times as much.
 */
export function seriesKey(identity: MetricIdentity): string {
  const names = Object.keys(identity.dimensions);
  if (names.length > 1) names.sort();
  let key = `${identity.namespace.length}:${identity.namespace}${identity.metricName.length}:${identity.metricName}`;
  for (const name of names) {
    const value = identity.dimensions[name]!;
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

/** Merges `from` into `into` (both statistic sets). */
function merge(into: StatisticSet, from: StatisticSet): void {
  into.sum += from.sum;
  into.count += from.count;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  // A pre-aggregated set has no raw values, so percentiles over the merge would be wrong: drop them.
  into.samples = into.samples && from.samples ? into.samples.concat(from.samples) : undefined;
}

/**
 * CloudWatch's metric storage for the sandbox: observations aggregated per second into statistic
 * sets, so hours of per-invocation traffic stay small, with raw samples kept for percentiles.
 */
export class MetricStore {
  private readonly series = new Map<string, Series>();

  /** Adds a statistic set observed at `timestampMs` (aggregated into its second). */
  add(identity: MetricIdentity, timestampMs: number, set: StatisticSet, unit?: string): void {
    const key = seriesKey(identity);
    let series = this.series.get(key);
    if (!series) {
      series = { identity: { ...identity, dimensions: { ...identity.dimensions } }, unit, seconds: new Map() };
      this.series.set(key, series);
    }
    const second = Math.floor(timestampMs / 1000);
    const existing = series.seconds.get(second);
    if (existing) merge(existing, set);
    else series.seconds.set(second, { ...set, samples: set.samples?.slice() });
  }

  /** Adds `count` observations of one value. */
  addValue(identity: MetricIdentity, timestampMs: number, value: number, count = 1, unit?: string): void {
    this.add(identity, timestampMs, { sum: value * count, count, min: value, max: value, samples: [{ value, count }] }, unit);
  }

  /** Every series, for ListMetrics. */
  list(): MetricIdentity[] {
    return [...this.series.values()].map((series) => series.identity);
  }

  /** The unit first published for a series, if any. */
  unitOf(identity: MetricIdentity): string | undefined {
    return this.series.get(seriesKey(identity))?.unit;
  }

  /**
   * Aggregates a series into periods aligned to multiples of `periodSec` since the epoch,
   * covering [startMs, endMs). Periods without data are absent, as in CloudWatch.
   * @returns period start (ms) → statistic set, in ascending time order
   */
  aggregate(identity: MetricIdentity, startMs: number, endMs: number, periodSec: number): Map<number, StatisticSet> {
    const result = new Map<number, StatisticSet>();
    const series = this.series.get(seriesKey(identity));
    if (!series || endMs <= startMs) return result;
    const firstSecond = Math.floor(startMs / 1000 / periodSec) * periodSec;
    const endSecond = Math.ceil(endMs / 1000);
    const visit = (second: number, set: StatisticSet): void => {
      const periodStart = Math.floor(second / periodSec) * periodSec * 1000;
      const bucket = result.get(periodStart);
      if (bucket) merge(bucket, set);
      else result.set(periodStart, { ...set, samples: set.samples?.slice() });
    };
    // Walk whichever is shorter: the seconds of the range, or the seconds that hold data.
    if (endSecond - firstSecond <= series.seconds.size) {
      for (let second = firstSecond; second < endSecond; second++) {
        const set = series.seconds.get(second);
        if (set) visit(second, set);
      }
    } else {
      const seconds = [...series.seconds.keys()].filter((s) => s >= firstSecond && s < endSecond).sort((a, b) => a - b);
      for (const second of seconds) visit(second, series.seconds.get(second)!);
    }
    return result;
  }
}
