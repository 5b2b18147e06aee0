import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * A task's code, as its Lambda entry point and the sandbox run it: the function over its
 * input and the dependencies it names, and the business metrics it adds. The data about the
 * task (placeholder, construct id, access) is in its braid's task list.
 */
export interface TaskCode<I, R, D> {
  /** Its name in its braid's task list (the function `braid-<name>`, the log lines' task). */
  readonly name: string;
  readonly run: (input: I, deps: D) => Promise<R>;
  /** Adds the task's business metrics from its result (low-cardinality dimensions only: never operation ids). */
  recordMetrics?(result: R, metrics: Metrics, input: I): void;
}
