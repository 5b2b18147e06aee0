import { SANDBOX_REGION } from '../contracts.js';
import type { SeededRandom } from '../random.js';
import type { ClockHold, VirtualClock } from '../virtual-clock.js';
import type { ExecutionHistory } from './execution-history.js';
import { isJsonObject, type Json } from './json.js';
import { STATES_ERRORS, StatesError, statesRuntime } from './states-error.js';
import type { TaskIntegrations } from './task-integrations.js';
import { integrationErrorName, type TaskResource } from './task-resource.js';
import type { TaskTokenBroker } from './task-token-broker.js';
import type { VirtualTimers } from './virtual-timers.js';

/** What an execution needs from the emulator that runs it. */
export interface ExecutionServices {
  readonly clock: VirtualClock;
  readonly timers: VirtualTimers;
  readonly broker: TaskTokenBroker;
  readonly integrations: TaskIntegrations;
}

/** The parts of a running execution one task attempt uses. */
export interface AttemptScope {
  readonly services: ExecutionServices;
  readonly history: ExecutionHistory;
  /** The execution's hold on the clock: released only while the task waits for its callback. */
  readonly hold: ClockHold;
  readonly executionArn: string;
  /** Draws request ids; the execution's seeded generator. */
  readonly random: SeededRandom;
  /** Interrupts of the attempts in flight; the execution calls them when it stops. */
  readonly inFlight: Set<(error: Error) => void>;
}

/** One attempt of a Task state, its Parameters evaluated. */
export interface TaskAttempt {
  readonly resource: TaskResource;
  readonly parameters: Json;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** The attempt's token, for `.waitForTaskToken` resources. */
  readonly token?: string;
}

/** AWS's limit on a task's result and a state's input and output. */
export const MAX_PAYLOAD_BYTES = 262_144;

/**
 * Runs one attempt of a Task: records `TaskScheduled` and `TaskStarted`, calls the integration
 * (and for `.waitForTaskToken`, waits for SendTask*), and records how it ended. The attempt is
 * cut short by its `TimeoutSeconds` or `HeartbeatSeconds` (on the virtual clock) or by the
 * execution stopping. Returns the task's result, before ResultSelector.
 * @throws StatesError the failure Retry and Catch see
 */
export async function runTaskAttempt(scope: AttemptScope, attempt: TaskAttempt): Promise<Json> {
  const { resource } = attempt;
  const details = { resourceType: resource.resourceType, resource: resource.resourceName };
  const parameters = JSON.stringify(attempt.parameters);
  scope.history.add('TaskScheduled', {
    ...details,
    region: SANDBOX_REGION,
    parameters,
    timeoutInSeconds: attempt.timeoutSeconds,
    heartbeatInSeconds: attempt.heartbeatSeconds,
  });
  scope.history.add('TaskStarted', details);
  const cut = openInterrupt(scope, attempt.timeoutSeconds);
  try {
    // The integration gets its own copy, as over the wire: nothing it does reaches the state's data.
    const call = { ...attempt, parameters: JSON.parse(parameters) as Json };
    const output = await Promise.race([perform(scope, call, cut, details), cut.interrupted]);
    const outputText = JSON.stringify(output);
    const bytes = Buffer.byteLength(outputText);
    if (bytes > MAX_PAYLOAD_BYTES)
      throw new StatesError(STATES_ERRORS.dataLimitExceeded, `The task's result is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} are allowed.`);
    scope.history.add('TaskSucceeded', { ...details, output: outputText, outputDetails: { truncated: false } });
    return output;
  } catch (thrown) {
    const failure = thrown instanceof StatesError ? thrown : new StatesError(STATES_ERRORS.taskFailed, String(thrown));
    if (!cut.stopped) {
      const timedOut = failure.name === STATES_ERRORS.timeout;
      scope.history.add(timedOut ? 'TaskTimedOut' : 'TaskFailed', { ...details, error: failure.name, cause: failure.message });
    }
    throw failure;
  } finally {
    cut.close();
  }
}

/** The ways an attempt is cut short: its timeouts on the virtual clock, and StopExecution. */
interface Interrupt {
  readonly interrupted: Promise<never>;
  /** True once the execution stopped during the attempt: nothing more goes into the history. */
  readonly stopped: boolean;
  fire(error: StatesError): void;
  close(): void;
}

function openInterrupt(scope: AttemptScope, timeoutSeconds: number | undefined): Interrupt {
  const { clock, timers } = scope.services;
  let reject!: (error: Error) => void;
  const interrupted = new Promise<never>((_resolve, fail) => {
    reject = fail;
  });
  // A rejection after the attempt settled is expected and must not surface as unhandled.
  interrupted.catch(() => undefined);
  let stopped = false;
  const onStop = (error: Error): void => {
    stopped = true;
    fire(error as StatesError);
  };
  const cancelTimeout =
    timeoutSeconds === undefined
      ? () => undefined
      : timers.watch(clock.nowMs() + timeoutSeconds * 1000, () =>
          fire(new StatesError(STATES_ERRORS.timeout, `The task did not complete within its TimeoutSeconds (${timeoutSeconds} s of virtual time).`)),
        );
  const close = (): void => {
    cancelTimeout();
    scope.inFlight.delete(onStop);
  };
  const fire = (error: StatesError): void => {
    close();
    // Taken back at once, before the clock moves on: the execution works at the instant it was cut short.
    scope.hold.acquire();
    reject(error);
  };
  scope.inFlight.add(onStop);
  return {
    interrupted,
    get stopped() {
      return stopped;
    },
    fire,
    close,
  };
}

async function perform(scope: AttemptScope, attempt: TaskAttempt, cut: Interrupt, details: Record<string, string>): Promise<Json> {
  const { resource, parameters } = attempt;
  if (resource.kind === 'lambda-function') return ((await invokeLambda(scope, resource.functionName, parameters)) as { Payload: Json }).Payload;
  if (!isJsonObject(parameters)) {
    throw statesRuntime(`The Parameters of a '${resource.resourceType}:${resource.resourceName}' task must be an object, got ${JSON.stringify(parameters)}.`);
  }
  let call: () => Promise<Json>;
  if (resource.kind === 'lambda-invoke') {
    if (typeof parameters.FunctionName !== 'string') throw statesRuntime('arn:aws:states:::lambda:invoke needs a FunctionName string parameter.');
    const functionName = typeof parameters.Qualifier === 'string' ? `${parameters.FunctionName}:${parameters.Qualifier}` : parameters.FunctionName;
    call = () => invokeLambda(scope, functionName, parameters.Payload ?? null);
  } else {
    call = () => callSdk(scope, resource, parameters);
  }
  if (!resource.callback) return call();
  return awaitCallback(scope, attempt, cut, details, call);
}

/** `.waitForTaskToken`: call the integration, then wait for SendTask* on the token. */
async function awaitCallback(
  scope: AttemptScope,
  attempt: TaskAttempt,
  cut: Interrupt,
  details: Record<string, string>,
  call: () => Promise<Json>,
): Promise<Json> {
  const { clock, timers, broker } = scope.services;
  const { heartbeatSeconds } = attempt;
  let cancelHeartbeat = (): void => undefined;
  const armHeartbeat = (): void => {
    cancelHeartbeat();
    if (heartbeatSeconds === undefined) return;
    cancelHeartbeat = timers.watch(clock.nowMs() + heartbeatSeconds * 1000, () =>
      cut.fire(new StatesError(STATES_ERRORS.heartbeatTimeout, `No SendTaskHeartbeat within HeartbeatSeconds (${heartbeatSeconds} s of virtual time).`)),
    );
  };
  // Opened before the call: a handler may send the outcome before the call returns. Settling
  // takes the clock back while SendTask* is processed, so no time passes before the task resumes.
  const wait = broker.open(attempt.token!, { onHeartbeat: armHeartbeat, onSettle: () => scope.hold.acquire() });
  armHeartbeat();
  try {
    const submitted = await Promise.race([call(), cut.interrupted]);
    scope.history.add('TaskSubmitted', { ...details, output: JSON.stringify(submitted) });
    // Waiting on the outside world (a person, a callback): time may pass meanwhile.
    scope.hold.release();
    const outcome = await Promise.race([wait.outcome, cut.interrupted]);
    if (outcome.kind === 'failure') throw new StatesError(outcome.error ?? '', outcome.cause ?? '');
    return JSON.parse(outcome.output) as Json;
  } finally {
    scope.hold.acquire();
    wait.close();
    cancelHeartbeat();
  }
}

/** Lambda's Invoke as the optimised integration returns it; function errors become task failures. */
async function invokeLambda(scope: AttemptScope, functionName: string, payload: unknown): Promise<Json> {
  let invocation;
  try {
    invocation = await scope.services.integrations.invokeLambda(functionName, payload);
  } catch (error) {
    throw new StatesError(`Lambda.${awsErrorCode(error, 'ServiceException')}`, (error as Error).message ?? String(error));
  }
  if (invocation.functionError) {
    const errorType = (invocation.payload as { errorType?: unknown } | null)?.errorType;
    const payloadText = JSON.stringify(invocation.payload);
    if (typeof errorType === 'string' && errorType !== '') throw new StatesError(errorType, payloadText);
    throw new StatesError('Lambda.Unknown', `The cause could not be determined because Lambda did not return an error type. Returned payload: ${payloadText}`);
  }
  const requestId = seededRequestId(scope.random);
  return {
    ExecutedVersion: invocation.executedVersion,
    Payload: (invocation.payload ?? null) as Json,
    SdkHttpMetadata: {
      HttpHeaders: { 'X-Amz-Executed-Version': invocation.executedVersion, 'x-amzn-RequestId': requestId },
      HttpStatusCode: invocation.statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: invocation.statusCode,
  };
}

async function callSdk(scope: AttemptScope, resource: Extract<TaskResource, { kind: 'sdk-call' }>, request: Record<string, unknown>): Promise<Json> {
  let response: unknown;
  try {
    response = await scope.services.integrations.callAwsSdk(resource.service, resource.action, request);
  } catch (error) {
    const code = awsErrorCode(error, 'SdkClientException');
    const message = (error as Error).message ?? String(error);
    // The sandbox has no such integration: the execution fails, as for an unknown resource.
    if (code === STATES_ERRORS.runtime) throw statesRuntime(message);
    throw new StatesError(integrationErrorName(resource, code), message);
  }
  if (response === null || typeof response !== 'object') return (response ?? {}) as Json;
  const { $metadata: _metadata, ...body } = response as Record<string, unknown>;
  return JSON.parse(JSON.stringify(body)) as Json;
}

/** The AWS error code of a thrown error (its `name`), or `fallback` for anonymous errors. */
function awsErrorCode(error: unknown, fallback: string): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' && name !== 'Error' ? name : fallback;
}

/** A request id drawn from the execution's seeded generator, shaped like AWS's UUIDs. */
function seededRequestId(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
