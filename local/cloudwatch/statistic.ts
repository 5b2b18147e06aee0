import { AwsServiceError } from '../http/service.js';
import type { StatisticSet } from './metric-store.js';

const SIMPLE = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?|100)$/;

/** True for CloudWatch's five simple statistics. */
export function isSimpleStatistic(stat: string): boolean {
  return (SIMPLE as readonly string[]).includes(stat);
}

/** True for a percentile statistic such as `p99` or `p99.9`. */
export function isPercentileStatistic(stat: string): boolean {
  return PERCENTILE.test(stat);
}

/** Throws CloudWatch's `ValidationError` unless `stat` is a statistic the sandbox computes. */
export function assertStatistic(stat: unknown, field: string): asserts stat is string {
  if (typeof stat === 'string' && (isSimpleStatistic(stat) || isPercentileStatistic(stat))) return;
  throw new AwsServiceError('ValidationError', `${field} ${JSON.stringify(stat)} is not supported: use ${SIMPLE.join(', ')} or a percentile such as p99.`);
}

/**
 * The value of `stat` over one period's statistic set, or undefined when it cannot be computed
 * (a percentile over data that was only published as pre-aggregated statistic sets).
 */
export function computeStatistic(set: StatisticSet, stat: string): number | undefined {
  switch (stat) {
    case 'SampleCount':
      return set.count;
    case 'Sum':
      return set.sum;
    case 'Average':
      return set.count === 0 ? undefined : set.sum / set.count;
    case 'Minimum':
      return set.min;
    case 'Maximum':
      return set.max;
  }
  if (!set.samples || set.count === 0) return undefined;
  return percentile(set.samples, Number(stat.slice(1)));
}

/** Nearest-rank percentile over weighted samples. */
function percentile(samples: ReadonlyArray<{ value: number; count: number }>, p: number): number | undefined {
  const sorted = [...samples].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, s) => sum + s.count, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const sample of sorted) {
    seen += sample.count;
    if (seen >= rank) return sample.value;
  }
  return sorted[sorted.length - 1]!.value;
}
