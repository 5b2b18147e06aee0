import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ROLLOUT_TASKS, type RolloutTaskName, type RolloutTaskSpec } from '../../rollout/rollout-tasks.js';
import type { TaskDeps } from '../../rollout/task-deps.js';
import { depsFromEnvironment, remediationDepsFromEnvironment } from './default-deps.js';
import { REMEDIATION_TASKS, type RemediationTaskSpec } from '../../remediation/remediation-tasks.js';
import type { RemediationTaskName } from '../../remediation/remediation-task-list.js';
import type { RemediationDeps } from '../../remediation/remediation-deps.js';
import { operationContext } from './operation-context.js';

/** Logger and metrics of a task; the sandbox passes quiet ones so `--json` output stays clean. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Options of {@link taskHandler}. */
export interface TaskHandlerOptions<R, D = TaskDeps> {
  /** @default - built by `makeDeps` on first use */
  readonly deps?: D;
  /** Builds the dependencies from the environment. @default depsFromEnvironment */
  readonly makeDeps?: () => D;
  /** @default - Powertools Logger and Metrics (namespace `Braid`) configured by environment */
  readonly observability?: Observability;
  /** Adds the task's business metrics from its result. @default - none */
  readonly recordMetrics?: (result: R, metrics: Metrics, event: never) => void;
}

/** A task of a state machine: takes the state, returns what the state machine stores. */
export type Task<R, D = TaskDeps> = (state: never, deps: D) => Promise<R>;

/**
 * Wraps one task of the core in the middy chain every Braid Lambda shares: Lambda context and
 * operation keys on the logs, EMF metrics flushed at the end.
 */
export function taskHandler<R, D = TaskDeps>(name: string, task: Task<R, D>, options: TaskHandlerOptions<R, D> = {}) {
  const { logger, metrics } = options.observability ?? defaultObservability();
  let deps = options.deps;
  return middy(async (event: unknown, _context: Context): Promise<R> => {
    deps ??= (options.makeDeps ?? (depsFromEnvironment as unknown as () => D))();
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

/** The middy handler of one remediation task, built from the shared task list. */
export function remediationHandler(name: RemediationTaskName, options: Omit<TaskHandlerOptions<unknown, RemediationDeps>, 'recordMetrics' | 'makeDeps'> = {}) {
  const spec: RemediationTaskSpec = REMEDIATION_TASKS[name];
  return taskHandler<unknown, RemediationDeps>(spec.name, spec.run, {
    ...options,
    makeDeps: remediationDepsFromEnvironment,
    recordMetrics: spec.recordMetrics as TaskHandlerOptions<unknown, RemediationDeps>['recordMetrics'],
  });
}
