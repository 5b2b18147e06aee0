import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ROLLOUT_TASKS, type RolloutTaskName, type RolloutTaskSpec } from '../../rollout/rollout-tasks.js';
import type { TaskDeps } from '../../rollout/task-deps.js';
import { depsFromEnvironment } from './default-deps.js';
import { operationContext } from './operation-context.js';

/** Logger and metrics of a task; the sandbox passes quiet ones so `--json` output stays clean. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Options of {@link taskHandler}. */
export interface TaskHandlerOptions<R> {
  /** @default - clients and clock built from the environment on first use */
  readonly deps?: TaskDeps;
  /** @default - Powertools Logger and Metrics (namespace `Braid`) configured by environment */
  readonly observability?: Observability;
  /** Adds the task's business metrics from its result. @default - none */
  readonly recordMetrics?: (result: R, metrics: Metrics, event: never) => void;
}

/** A task of a state machine: takes the state, returns what the state machine stores. */
export type Task<R> = (state: never, deps: TaskDeps) => Promise<R>;

/**
 * Wraps one task of the core in the middy chain every Braid Lambda shares: Lambda context and
 * operation keys on the logs, EMF metrics flushed at the end.
 */
export function taskHandler<R>(name: string, task: Task<R>, options: TaskHandlerOptions<R> = {}) {
  const { logger, metrics } = options.observability ?? defaultObservability();
  let deps = options.deps;
  return middy(async (event: unknown, _context: Context): Promise<R> => {
    deps ??= depsFromEnvironment();
    const result = await task(event as never, deps);
    options.recordMetrics?.(result, metrics, event as never);
    return result;
  })
    .use(injectLambdaContext(logger))
    .use(operationContext({ logger }))
    .use(logMetrics(metrics, { throwOnEmptyMetrics: false }))
    .use({ onError: (request) => logger.error(`${name} failed`, request.error as Error) });
}

let shared: Observability | undefined;
function defaultObservability(): Observability {
  shared ??= { logger: new Logger({ serviceName: 'braid' }), metrics: new Metrics({ namespace: 'Braid', serviceName: 'braid' }) };
  return shared;
}

/** The middy handler of one rollout task, built from the shared task list. */
export function rolloutHandler(name: RolloutTaskName, options: Omit<TaskHandlerOptions<unknown>, 'recordMetrics'> = {}) {
  const spec: RolloutTaskSpec = ROLLOUT_TASKS[name];
  return taskHandler(spec.name, spec.run, { ...options, recordMetrics: spec.recordMetrics as TaskHandlerOptions<unknown>['recordMetrics'] });
}
