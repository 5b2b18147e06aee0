/**
 * The registry of every error name Braid raises or handles: the codes of Braid's own errors
 * (thrown by its code, sent to a waiting execution, or raised by a `Fail` state) and the AWS
 * error names its state machines retry or catch, each with what it means and whose fault it is.
 * `test/conventions/error-codes.test.ts` checks the source and both ASL files against it, and
 * `docs/error-codes.md` is generated from it.
 */

/**
 * Whose fault an error is: the user's (their input, their change, their decision; fix and try
 * again), the environment's (AWS, another actor, time; usually passes or needs a look around),
 * or Braid's (a bug: please report it).
 */
export type Fault = 'user' | 'braid' | 'environment';

/** What one error name means. */
export interface ErrorCodeInfo {
  /** Whose fault it is; `any` only for `States.ALL`, which matches every error. */
  readonly fault: Fault | 'any';
  /** What happened, what Braid does about it, and what to do. One or two sentences. */
  readonly meaning: string;
}

/** Braid's own codes: the `code` of each `BraidError`, and the errors Braid sends or raises in its state machines. */
export const BRAID_ERROR_CODES = {
  'Braid.InvalidInput': {
    fault: 'user',
    meaning:
      'Input (a start request, a scenario, a strategy, construct props) is malformed; nothing was changed. The message lists every problem with its path.',
  },
  'Braid.UnknownTarget': {
    fault: 'user',
    meaning: 'The named target is not in the registry. Declare it with a `RolloutTarget` (or in the scenario) and deploy first.',
  },
  'Braid.TargetBusy': {
    fault: 'user',
    meaning: "Another operation holds the target's lease. A rollout ends `refused`; a repair waits and tries again, then escalates.",
  },
  'Braid.LeaseLost': {
    fault: 'environment',
    meaning: 'The operation no longer holds the lease (it expired and was taken, or was released), so it refuses to mutate.',
  },
  'Braid.AliasState': { fault: 'environment', meaning: 'The alias is not in a state the operation expects: someone changed it behind Braid.' },
  'Braid.AslPlaceholderMismatch': {
    fault: 'braid',
    meaning:
      'A state machine definition and its substitution map disagree on the `${...}` placeholders; raised when the definition is loaded (synth, sandbox).',
  },
  'Braid.UnknownRetryPolicy': {
    fault: 'braid',
    meaning: 'A state machine definition names a retry policy that `statemachines/retry-policies.ts` does not define; raised when the definition is loaded.',
  },
  'Braid.RolloutNotPromoted': { fault: 'user', meaning: 'The rollout a deployment started did not promote the new version, so the deployment fails.' },
  'Braid.CommandRefused': { fault: 'user', meaning: 'The operation cannot take the operator command (abort, pause, promote) in its current phase.' },
  'Braid.HoldTimedOut': {
    fault: 'user',
    meaning: "Nobody decided a hold in time and the target's approval policy rejects on timeout: the rollout rolls back.",
  },
  'Braid.HoldNotPending': { fault: 'user', meaning: 'The hold was already decided (approved, rejected, aborted, or failed by a gate).' },
  'Braid.NoPendingHold': { fault: 'user', meaning: 'The operation is not waiting for an approval or a decision.' },
  'Braid.DecisionNotDelivered': {
    fault: 'environment',
    meaning: 'The decision was recorded, but the execution no longer waited for it (timed out or stopped); it followed its timeout policy instead.',
  },
  'Braid.Rejected': {
    fault: 'user',
    meaning: 'A person rejected the approval (sent to the waiting task). A rollout rolls back; a repair is closed without repairing.',
  },
  'Braid.Aborted': {
    fault: 'user',
    meaning: 'An operator aborted the operation while it waited (sent to the waiting task). A rollout rolls back; a repair is closed without repairing.',
  },
  'Braid.GateFailed': {
    fault: 'user',
    meaning: 'A gate alarm went to ALARM while the rollout waited for a person (sent to the waiting task by the gate watcher): the rollout rolls back.',
  },
  'Braid.HookFailed': {
    fault: 'user',
    meaning: 'A traffic hook answered `Failed`, failed or timed out: the rollout fails (before traffic moved) or rolls back (after the promotion).',
  },
  'Braid.RolledBack': { fault: 'user', meaning: 'The rollout execution ends here: the alias is back on its snapshot (the `RolledBack` state).' },
  'Braid.MalformedEvent': {
    fault: 'user',
    meaning: 'The input is not a well-formed "CloudWatch Alarm State Change" event; it is audited and nothing else is done.',
  },
  'Braid.ForeignEvent': {
    fault: 'user',
    meaning: 'A well-formed EventBridge event of another source or detail-type: the rule matches too much. Audited, nothing else done.',
  },
  'Braid.NotAlarmState': { fault: 'user', meaning: 'An alarm changed to OK or INSUFFICIENT_DATA: only entering ALARM starts a remediation.' },
  'Braid.UnknownAlarm': { fault: 'user', meaning: "No registered target has the alarm in its runbook. Add it to a target's runbook, or narrow the rule." },
  'Braid.UndoRevisionMissing': {
    fault: 'braid',
    meaning: 'A repair that changed the alias cannot be undone: the revision it left (the fence of the undo) was not recorded.',
  },
  'Braid.Escalated': { fault: 'environment', meaning: 'The remediation execution ends here: the incident was handed to a person (the `Escalated` state).' },
  'Braid.CloseFailed': {
    fault: 'environment',
    meaning: 'The remediation execution ends here: closing the operation failed, so it is left open for reconciliation (the `CloseFailed` state).',
  },
  'Braid.Cli.MissingConfiguration': { fault: 'user', meaning: 'The CLI does not know where Braid lives (table, state machine, region); nothing was sent.' },
  'Braid.Cli.InvalidConfiguration': { fault: 'user', meaning: 'A CLI setting was given but cannot be right (a malformed ARN or URL).' },
  'Braid.Cli.UnknownOperation': { fault: 'user', meaning: 'Neither an operation record nor an execution exists for the id.' },
  'Braid.Cli.AwsConfiguration': {
    fault: 'user',
    meaning: "AWS rejected the CLI's configuration: no such table or state machine, no credentials, or the endpoint is unreachable.",
  },
} as const satisfies Record<`Braid.${string}`, ErrorCodeInfo>;

/** The Step Functions and AWS service error names Braid's state machines retry or catch, with what they mean there. */
export const AWS_ERROR_NAMES = {
  'States.ALL': {
    fault: 'any',
    meaning: 'Matches every error. Used only in `Catch`, never in `Retry`: every failure of a task goes to compensation, the outcome, or escalation.',
  },
  'States.Timeout': {
    fault: 'user',
    meaning:
      'Caught only on the approval waits: nobody decided within the timeout. A rollout applies its approval policy (`HoldTimedOut`); a repair is closed without repairing.',
  },
  'Lambda.ServiceException': { fault: 'environment', meaning: 'Lambda failed internally: transient.' },
  'Lambda.AWSLambdaException': { fault: 'environment', meaning: 'Lambda answered a task invocation with a generic service error: transient.' },
  'Lambda.SdkClientException': {
    fault: 'environment',
    meaning: 'Step Functions could not reach Lambda (network, connection reset) to invoke a task: transient.',
  },
  'Lambda.TooManyRequestsException': { fault: 'environment', meaning: 'Lambda throttled the call: transient.' },
  'SNS.ThrottledException': { fault: 'environment', meaning: 'SNS throttled the escalation message: transient.' },
  'SNS.InternalErrorException': { fault: 'environment', meaning: 'SNS failed internally on the escalation message: transient.' },
  'SNS.SdkClientException': { fault: 'environment', meaning: 'Step Functions could not reach SNS to publish the escalation message: transient.' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code of Braid's own errors. */
export type BraidErrorCode = keyof typeof BRAID_ERROR_CODES;

/** An AWS error name Braid's state machines retry or catch. */
export type AwsErrorName = keyof typeof AWS_ERROR_NAMES;

/** Every registered error name. */
export type ErrorName = BraidErrorCode | AwsErrorName;

/** Every registered error name with its meaning: Braid's codes, then the AWS names. */
export const ERROR_CODES: Readonly<Record<ErrorName, ErrorCodeInfo>> = { ...BRAID_ERROR_CODES, ...AWS_ERROR_NAMES };
