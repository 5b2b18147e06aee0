import type { Duration } from 'aws-cdk-lib';
import type { InputIssue } from '../../functions/core/errors.js';
import { validateRunbook, type RunbookInput } from '../../functions/core/remediation/runbook.js';
import type { RemediationProps } from '../remediation-props.js';

/** Runbook fields (after `remediation.`) that come from a differently named prop, and whether that prop is a Duration. */
const PROP_OF_FIELD: ReadonlyArray<readonly [field: string, prop: string, isDuration: boolean]> = [
  ['alarmNames', 'alarms', false],
  ['approvalTimeoutSeconds', 'approvalTimeout', true],
  ['cooldownSeconds', 'cooldown', true],
  ['escalationQuietSeconds', 'escalationQuiet', true],
  ['flap.windowSeconds', 'flap.window', true],
  ['rateLimit.refillSeconds', 'rateLimit.refill', true],
  ['breaker.failuresToOpen', 'failuresToOpenBreaker', false],
  ['verify.bakeSeconds', 'verify.bake', true],
  ['verify.recheckSeconds', 'verify.recheck', true],
];

/**
 * The runbook a `RolloutTarget`'s `remediation` prop declares, in the registry's terms: alarm
 * names, the runbook function's ARN and durations in seconds. Fields left out stay out, so the
 * runbook's own defaults apply.
 */
export function toRunbookInput(props: RemediationProps): RunbookInput {
  const seconds = (duration: Duration | undefined) => duration?.toSeconds({ integral: false });
  const input = {
    alarmNames: props.alarms.map((alarm) => alarm.alarmName),
    action: props.action,
    reservedConcurrency: props.reservedConcurrency,
    runbookFunction: props.runbookFunction?.functionArn,
    requireApproval: props.requireApproval,
    approvalTimeoutSeconds: seconds(props.approvalTimeout),
    minAlarms: props.minAlarms,
    cooldownSeconds: seconds(props.cooldown),
    flap: props.flap && definedOnly({ maxAlarms: props.flap.maxAlarms, windowSeconds: seconds(props.flap.window) }),
    rateLimit: props.rateLimit && definedOnly({ capacity: props.rateLimit.capacity, refillSeconds: seconds(props.rateLimit.refill) }),
    breaker: props.failuresToOpenBreaker === undefined ? undefined : { failuresToOpen: props.failuresToOpenBreaker },
    verify:
      props.verify &&
      definedOnly({ bakeSeconds: seconds(props.verify.bake), maxChecks: props.verify.maxChecks, recheckSeconds: seconds(props.verify.recheck) }),
    onNotConverged: props.onNotConverged,
    escalationQuietSeconds: seconds(props.escalationQuiet),
  };
  return definedOnly(input) as RunbookInput;
}

/**
 * Every problem with a `remediation` prop, named after the props (`remediation.approvalTimeout`,
 * not the registry's `approvalTimeoutSeconds`) so the message points at the code to change.
 */
export function validateRemediationProps(props: RemediationProps): InputIssue[] {
  return validateRunbook(toRunbookInput(props), 'remediation').map((issue) => {
    const field = issue.path.slice('remediation.'.length);
    for (const [runbookField, prop, isDuration] of PROP_OF_FIELD) {
      if (field === runbookField || field.startsWith(`${runbookField}[`)) {
        return {
          path: `remediation.${prop}${field.slice(runbookField.length)}`,
          message: isDuration ? `in seconds, ${issue.message}` : issue.message,
        };
      }
    }
    return issue;
  });
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
