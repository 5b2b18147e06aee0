import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { TaskCode } from '../../../functions/kernel/task-code.js';
import { taskHandler } from '../../../functions/kernel/task-handler.js';
import type { MetricDatum } from '../../../local/contracts.js';
import { SandboxMetrics } from '../../../local/observability/sandbox-metrics.js';

const context = { functionName: 'braid-test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1_000 } as unknown as Context;

function observed() {
  const data: MetricDatum[] = [];
  const metrics = new SandboxMetrics({ putDatum: (datum) => data.push(datum) }, { nowMs: () => 0 });
  return { data, observability: { logger: new Logger({ serviceName: 'braid', logLevel: 'SILENT' }), metrics } };
}

describe('taskHandler', () => {
  it('builds the task’s dependencies on the first invocation only, and records its metrics from each result', async () => {
    let built = 0;
    const task: TaskCode<{ operationId: string; n: number }, { doubled: number }, { factor: number }> = {
      name: 'double',
      run: async (input, deps) => ({ doubled: input.n * deps.factor }),
      recordMetrics: (result, metrics, input) => {
        metrics.addDimension('operationKind', input.operationId.startsWith('op') ? 'rollout' : 'other');
        metrics.addMetric('Doubled', MetricUnit.Count, result.doubled);
      },
    };
    const { data, observability } = observed();
    const handler = taskHandler(
      task,
      () => {
        built += 1;
        return { factor: 2 };
      },
      observability,
    );
    expect(await handler({ operationId: 'op-1', n: 3 }, context)).toEqual({ doubled: 6 });
    expect(await handler({ operationId: 'op-2', n: 5 }, context)).toEqual({ doubled: 10 });
    expect(built).toBe(1);
    expect(data.map((datum) => [datum.metricName, datum.value, datum.dimensions.operationKind])).toEqual([
      ['Doubled', 6, 'rollout'],
      ['Doubled', 10, 'rollout'],
    ]);
  });

  it('lets the task’s error through unchanged (the state machine catches it by name) and records no metrics', async () => {
    const failure = Object.assign(new Error('no'), { name: 'Braid.TargetBusy' });
    const { data, observability } = observed();
    const handler = taskHandler(
      {
        name: 'fail',
        run: async () => Promise.reject(failure),
        recordMetrics: (_result, metrics) => metrics.addMetric('Never', MetricUnit.Count, 1),
      },
      () => ({}),
      observability,
    );
    await expect(handler({}, context)).rejects.toBe(failure);
    expect(data).toEqual([]);
  });
});
