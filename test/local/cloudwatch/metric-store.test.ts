import { describe, expect, it } from 'vitest';
import { MetricStore, seriesKey, type MetricIdentity } from '../../../local/cloudwatch/metric-store.js';

const identity = (namespace: string, metricName: string, dimensions: Record<string, string>): MetricIdentity => ({ namespace, metricName, dimensions });

describe('seriesKey', () => {
  it('is the same whatever order the dimensions were given in', () => {
    expect(seriesKey(identity('AWS/Lambda', 'Errors', { FunctionName: 'checkout', Resource: 'checkout:live', ExecutedVersion: '2' }))).toBe(
      seriesKey(identity('AWS/Lambda', 'Errors', { ExecutedVersion: '2', Resource: 'checkout:live', FunctionName: 'checkout' })),
    );
  });

  it('tells apart identities whose parts only differ in where one ends and the next begins', () => {
    const keys = [
      identity('AB', 'C', {}),
      identity('A', 'BC', {}),
      identity('A', 'B', { C: '' }),
      identity('A', 'B', { 'a:b': 'c' }),
      identity('A', 'B', { a: 'b:c' }),
      identity('A', 'B', { a: '1b', c: 'd' }),
      identity('A', 'B', { a: '1', b: 'c', d: '' }),
      identity('A', 'B', { FunctionName: 'checkout' }),
      identity('A', 'B', { FunctionName: 'checkout', Resource: 'checkout:live' }),
    ].map(seriesKey);

    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('MetricStore', () => {
  it('aggregates one series per distinct dimension set, however its dimensions are ordered', () => {
    const store = new MetricStore();
    store.addValue(identity('AWS/Lambda', 'Duration', { FunctionName: 'checkout', Resource: 'checkout:live' }), 1_000, 80);
    store.addValue(identity('AWS/Lambda', 'Duration', { Resource: 'checkout:live', FunctionName: 'checkout' }), 1_500, 120);
    store.addValue(identity('AWS/Lambda', 'Duration', { FunctionName: 'checkout' }), 1_200, 500);

    const periods = store.aggregate(identity('AWS/Lambda', 'Duration', { FunctionName: 'checkout', Resource: 'checkout:live' }), 0, 60_000, 60);

    expect([...periods]).toEqual([
      [
        0,
        {
          sum: 200,
          count: 2,
          min: 80,
          max: 120,
          samples: [
            { value: 80, count: 1 },
            { value: 120, count: 1 },
          ],
        },
      ],
    ]);
    expect(store.list()).toHaveLength(2);
  });
});
