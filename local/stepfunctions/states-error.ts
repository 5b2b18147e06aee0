/** Step Functions' own error names, as `Retry`, `Catch` and the execution history use them. */
export const STATES_ERRORS = {
  all: 'States.ALL',
  runtime: 'States.Runtime',
  timeout: 'States.Timeout',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  taskFailed: 'States.TaskFailed',
  dataLimitExceeded: 'States.DataLimitExceeded',
  resultPathMatchFailure: 'States.ResultPathMatchFailure',
  intrinsicFailure: 'States.IntrinsicFailure',
  noChoiceMatched: 'States.NoChoiceMatched',
} as const;

/**
 * A failure as Step Functions' `Retry` and `Catch` see it: `name` is the error name (`States.Timeout`,
 * `Lambda.ServiceException`, a function's `errorType`) and `message` the cause.
 */
export class StatesError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** `States.Runtime`: a failure of the execution itself (a bad path, an unknown resource), which no Retry or Catch handles. */
export function statesRuntime(cause: string): StatesError {
  return new StatesError(STATES_ERRORS.runtime, cause);
}

/**
 * Whether a `Retry` or `Catch` entry's `ErrorEquals` matches an error, as AWS decides it:
 * `States.Runtime` is never retried or caught; `States.DataLimitExceeded` only by its own name;
 * `States.ALL` matches every other error; `States.TaskFailed` every other error but `States.Timeout`.
 */
export function matchesErrorEquals(errorEquals: readonly string[], errorName: string): boolean {
  if (errorName === STATES_ERRORS.runtime) return false;
  return errorEquals.some((name) => {
    if (name === errorName) return true;
    if (errorName === STATES_ERRORS.dataLimitExceeded) return false;
    if (name === STATES_ERRORS.all) return true;
    return name === STATES_ERRORS.taskFailed && errorName !== STATES_ERRORS.timeout;
  });
}
