import type { ErrorName } from '../functions/core/error-codes.js';

/** One ASL retrier as Braid writes them: only registered errors, capped, jittered. */
export interface Retrier {
  readonly ErrorEquals: readonly ErrorName[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
  readonly MaxDelaySeconds: number;
  readonly JitterStrategy: 'FULL';
}

/**
 * Braid's retry policies, each one ASL retrier. A state machine names them in its `Retry` array
 * as `"${Retry.<Name>}"` (in the order they apply, e.g. `["${Retry.LambdaInvoke}",
 * "${Retry.TargetBusy}"]`), and `substitutePlaceholders` puts the retriers in their place, so
 * a policy is tuned here once for every state that uses it.
 */
export const RETRY_POLICIES = {
  /** Invoking a task Lambda (a function ARN as the resource, or `lambda:invoke`): Lambda's transient errors, three attempts within about 10 s. */
  LambdaInvoke: {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    MaxDelaySeconds: 10,
    JitterStrategy: 'FULL',
  },
  /** A direct Lambda API call (`aws-sdk:lambda:*`, e.g. UpdateAlias): throttling and service faults only, never a refused precondition. */
  LambdaApi: {
    ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    MaxDelaySeconds: 10,
    JitterStrategy: 'FULL',
  },
  /** Another operation holds the target's lease: wait for it to end, up to four times, from 30 s to at most 5 minutes apart. */
  TargetBusy: {
    ErrorEquals: ['Braid.TargetBusy'],
    IntervalSeconds: 30,
    MaxAttempts: 4,
    BackoffRate: 2,
    MaxDelaySeconds: 300,
    JitterStrategy: 'FULL',
  },
  /** Publishing to SNS (`sns:publish`): throttling and service faults. */
  SnsPublish: {
    ErrorEquals: ['SNS.ThrottledException', 'SNS.InternalErrorException', 'SNS.SdkClientException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    MaxDelaySeconds: 10,
    JitterStrategy: 'FULL',
  },
} as const satisfies Record<string, Retrier>;

/** The name of one of Braid's retry policies. */
export type RetryPolicyName = keyof typeof RETRY_POLICIES;
