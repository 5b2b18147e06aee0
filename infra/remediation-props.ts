import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { RepairAction } from '../functions/core/remediation/runbook.js';

/** When repeated alarms mean a target is flapping: Braid then escalates instead of repairing again. */
export interface RemediationFlapProps {
  /**
   * Alarms (the current one included) within `window` that make a flap, 2 to 1000.
   *
   * @default 3
   */
  readonly maxAlarms?: number;

  /**
   * The window alarms are counted in (whole seconds, up to 7 days).
   *
   * @default Duration.hours(1)
   */
  readonly window?: Duration;
}

/** A target's own repair budget: a token bucket of `capacity` repairs, one back every `refill`. */
export interface RemediationRateLimitProps {
  /**
   * Repairs in a burst, 1 to 100.
   *
   * @default 3
   */
  readonly capacity?: number;

  /**
   * How often one repair comes back (whole seconds, up to 7 days).
   *
   * @default Duration.hours(1)
   */
  readonly refill?: Duration;
}

/** How a repair is judged to have worked: its alarms back to OK, and staying OK for the bake. */
export interface RemediationVerifyProps {
  /**
   * How long the alarms must stay OK after the repair (whole seconds, up to 7 days).
   *
   * @default Duration.minutes(5)
   */
  readonly bake?: Duration;

  /**
   * Looks at an alarm that is not OK before the repair counts as failed, 1 to 100.
   *
   * @default 3
   */
  readonly maxChecks?: number;

  /**
   * Wait between two looks at an alarm that is not OK (whole seconds, 10 seconds to 7 days).
   *
   * @default Duration.minutes(1)
   */
  readonly recheck?: Duration;
}

/**
 * A target's remediation runbook: what Braid does when one of `alarms` goes to ALARM in
 * production. Validated at synth time and recorded in the registry item, every default applied.
 */
export interface RemediationProps {
  /** The alarms that start the runbook (1 to 10). */
  readonly alarms: cloudwatch.IAlarm[];

  /**
   * The repair: `rollback` (the alias back to its stable version), `shift_canary_to_zero` (the
   * alias's extra weight to 0), `throttle` (reserved concurrency to `reservedConcurrency`),
   * `invoke_runbook` (invoke `runbookFunction`) or `notify` (escalate only).
   */
  readonly action: RepairAction;

  /**
   * The reserved concurrency `throttle` sets, 0 to 10000. Required for `throttle`, refused with
   * any other action.
   *
   * @default - none
   */
  readonly reservedConcurrency?: number;

  /**
   * The function `invoke_runbook` invokes, with the incident and an idempotency key (the
   * operation id). Required for `invoke_runbook`, refused with any other action. Braid's
   * remediation state machine is granted `lambda:InvokeFunction` on it.
   *
   * @default - none
   */
  readonly runbookFunction?: lambda.IFunction;

  /**
   * Wait for a person (`braid approve|reject <operationId>`) before each repair.
   *
   * @default false
   */
  readonly requireApproval?: boolean;

  /**
   * How long an approval may wait before the repair is given up (whole seconds, 1 minute to 365 days).
   *
   * @default Duration.hours(1)
   */
  readonly approvalTimeout?: Duration;

  /**
   * How many of `alarms` must be in ALARM at once before Braid repairs (1 to the number of alarms).
   *
   * @default 1
   */
  readonly minAlarms?: number;

  /**
   * An alarm within this long after a repair goes to a person instead of being repaired again
   * (whole seconds, up to 7 days).
   *
   * @default Duration.minutes(30)
   */
  readonly cooldown?: Duration;

  /**
   * When repeated alarms count as flapping.
   *
   * @default - 3 alarms within 1 hour
   */
  readonly flap?: RemediationFlapProps;

  /**
   * This target's repair budget (Braid's global budget applies as well, see `BraidProps.globalRepairBurst`).
   *
   * @default - 3 repairs, one back every hour
   */
  readonly rateLimit?: RemediationRateLimitProps;

  /**
   * Consecutive failed repairs that open the target's circuit breaker, 1 to 100: no more
   * repairs until `braid breaker reset`.
   *
   * @default 3
   */
  readonly failuresToOpenBreaker?: number;

  /**
   * How the repair is verified.
   *
   * @default - alarms OK for 5 minutes, 3 looks 1 minute apart
   */
  readonly verify?: RemediationVerifyProps;

  /**
   * What to do when the repair did not converge: `undo` it (only `rollback`,
   * `shift_canary_to_zero` and `throttle` can be undone) or `keep` it. Braid escalates either way.
   *
   * @default - 'undo' for throttle, 'keep' for every other action
   */
  readonly onNotConverged?: 'undo' | 'keep';

  /**
   * At most one escalation message per target within this long (whole seconds, up to 7 days).
   *
   * @default Duration.hours(1)
   */
  readonly escalationQuiet?: Duration;
}
