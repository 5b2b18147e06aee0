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

/** A named retry policy: one ASL retrier and the Tasks it is for. */
export interface RetryPolicy {
  /** The Tasks it is for, and why these errors and delays. */
  readonly appliesTo: string;
  readonly retrier: Retrier;
}

/**
 * Braid's retry policies. A state machine names them in its `Retry` array as
 * `"${Retry.<Name>}"` (in the order they apply, e.g. `["${Retry.LambdaInvoke}",
 * "${Retry.TargetBusy}"]`), and `substitutePlaceholders` puts their retriers in place, so a
 * policy is tuned here once for every state that uses it.
 */
export const RETRY_POLICIES = {
  LambdaInvoke: {
    appliesTo: "Invoking a task Lambda (a function ARN as the resource, or `lambda:invoke`): Lambda's transient errors.",
    retrier: {
      ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
      IntervalSeconds: 1,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL',
    },
  },
  LambdaApi: {
    appliesTo: 'A direct Lambda API call (`aws-sdk:lambda:*`, e.g. UpdateAlias): throttling and service faults only, never a refused precondition.',
    retrier: {
      ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException'],
      IntervalSeconds: 1,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL',
    },
  },
  TargetBusy: {
    appliesTo: "Taking a repair's lease while another operation (a rollout, another repair) holds it: wait for that one to end, then escalate.",
    retrier: {
      ErrorEquals: ['Braid.TargetBusy'],
      IntervalSeconds: 30,
      MaxAttempts: 4,
      BackoffRate: 2,
      MaxDelaySeconds: 300,
      JitterStrategy: 'FULL',
    },
  },
  SnsPublish: {
    appliesTo: 'Publishing to SNS (`sns:publish`, the escalation message): throttling and service faults.',
    retrier: {
      ErrorEquals: ['SNS.ThrottledException', 'SNS.InternalErrorException', 'SNS.SdkClientException'],
      IntervalSeconds: 1,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL',
    },
  },
} as const satisfies Record<string, RetryPolicy>;

/** The name of one of Braid's retry policies. */
export type RetryPolicyName = keyof typeof RETRY_POLICIES;
