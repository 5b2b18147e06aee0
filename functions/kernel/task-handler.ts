import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { operationContext } from './operation-context.js';
import type { TaskCode } from './task-code.js';

/** Logger and metrics of a task; the sandbox passes quiet ones so `--json` output stays clean. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Wraps one task in the middy chain every Braid Lambda shares: Lambda context and operation
 * keys on the logs, the task's metrics recorded, EMF metrics flushed at the end.
 * @param deps builds the task's dependencies, on the first invocation (a warm container keeps them)
 * @param observability @default - Powertools Logger and Metrics (namespace `Braid`) configured by environment
 */
export function taskHandler<I, R, D>(task: TaskCode<I, R, D>, deps: () => NoInfer<D>, observability: Observability = defaultObservability()) {
  const { logger, metrics } = observability;
  let built: D | undefined;
  return middy(async (event: I, _context: Context): Promise<R> => {
    built ??= deps();
    const result = await task.run(event, built);
    task.recordMetrics?.(result, metrics, event);
    return result;
  })
    .use(injectLambdaContext(logger))
    .use(operationContext({ logger }))
    .use(logMetrics(metrics, { throwOnEmptyMetrics: false }))
    .use({ onError: (request) => logger.error(`${task.name} failed`, request.error as Error) });
}

let shared: Observability | undefined;
function defaultObservability(): Observability {
  shared ??= { logger: new Logger({ serviceName: 'braid' }), metrics: new Metrics({ namespace: 'Braid', serviceName: 'braid' }) };
  return shared;
}
