import './promise-with-resolvers.js';
import { StateMachine } from 'aws-local-stepfunctions';

/**
 * A task's failure as `Retry` and `Catch` see it: the interpreter matches `name` against
 * `ErrorEquals` and puts `message` in the error output's `Cause`.
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * `States.Runtime`: a failure of the execution itself (unknown resource, bad path). AWS lets no
 * `Retry` or `Catch` handle it, not even `States.ALL`; the interpreter reads these two flags.
 */
export class StatesRuntimeFailure extends TaskFailure {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor(cause: string) {
    super('States.Runtime', cause);
  }
}

type ErrorClass = new () => Error;
let timeoutClass: Promise<ErrorClass> | undefined;
let knownTimeoutClass: ErrorClass | undefined;

/**
 * The interpreter's own `States.Timeout` class, which it does not export. `States.TaskFailed`
 * must not match a timeout, and the interpreter decides that with `instanceof`: a timeout we
 * raise on the virtual clock has to be an instance of this class. A 1 ms task timeout provokes
 * one (once per process).
 */
function loadTimeoutClass(): Promise<ErrorClass> {
  timeoutClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } },
      },
      { validationOptions: { noValidate: true } },
    );
    const slow = (): Promise<null> => new Promise((resolve) => setTimeout(() => resolve(null), 20));
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: slow } } }).result;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout') {
        knownTimeoutClass = cause.constructor as ErrorClass;
        return knownTimeoutClass;
      }
    }
    throw new Error('aws-local-stepfunctions did not raise States.Timeout for a 1 ms task timeout; the sandbox cannot emulate task timeouts with this version');
  })();
  return timeoutClass;
}

/** Resolves once the `States.Timeout` class is known; call before any execution runs. */
export async function prepareTimeoutFailures(): Promise<void> {
  await loadTimeoutClass();
}

/** A `States.Timeout` failure with the given cause; `prepareTimeoutFailures` must have resolved. */
export function statesTimeout(cause: string): Error {
  if (!knownTimeoutClass) throw new Error('statesTimeout() called before prepareTimeoutFailures() resolved');
  const error = new knownTimeoutClass();
  error.message = cause;
  return error;
}
