import './promise-with-resolvers.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { SANDBOX_REGION } from '../contracts.js';
import { SeededRandom } from '../random.js';
import type { ClockHold, VirtualClock } from '../virtual-clock.js';
import { ExecutionHistory } from './execution-history.js';
import { CONTEXT_START_TIME_FIELD, CONTEXT_STATE_NAMES_FIELD, RESERVED_SECONDS_KEYS, type AslState, type PreparedDefinition } from './prepare-definition.js';
import { resolveReferencePath } from './reference-path.js';
import { RetryTracker } from './retry-tracker.js';
import { StatesRuntimeFailure, TaskFailure, statesTimeout } from './task-failure.js';
import type { TaskIntegrations } from './task-integrations.js';
import { integrationErrorName, parseTaskResource, type TaskResource } from './task-resource.js';
import type { TaskTokenBroker } from './task-token-broker.js';
import { nextMacrotask, type VirtualTimers } from './virtual-timers.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type EventLog = AsyncGenerator<Record<string, unknown> & { type: string }>;

/** The lifecycle status DescribeExecution reports. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What an execution needs from the emulator that runs it. */
export interface ExecutionServices {
  readonly clock: VirtualClock;
  readonly timers: VirtualTimers;
  readonly broker: TaskTokenBroker;
  readonly integrations: TaskIntegrations;
}

/** Who and what an execution runs. */
export interface ExecutionParams {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly prepared: PreparedDefinition;
  /** The input JSON text, exactly as given to StartExecution. */
  readonly input: string;
  /** Seeds retry jitter and request ids, so a replay is identical. */
  readonly seed: number;
}

/** Billable state transitions of one execution. */
export interface ExecutionStats {
  /** Every state entered plus every retry attempt, as AWS bills Standard workflows. */
  readonly stateTransitions: number;
  readonly byState: Record<string, number>;
}

/** One attempt of a Task: the ways it can be cut short (timeout, heartbeat, stop). */
interface Attempt {
  readonly interrupted: Promise<never>;
  interrupt(error: Error): void;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One Standard-workflow execution, run by `aws-local-stepfunctions` on the virtual clock.
 *
 * Task and (rewritten) Wait states run as local handlers: they sleep, time out and back off on
 * the virtual clock, call the integrations, and wait for task tokens. History is built from the
 * interpreter's event log plus the Task* events the handlers add.
 */
export class Execution {
  status: ExecutionStatus = 'RUNNING';
  readonly startMs: number;
  stopMs: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  readonly history: ExecutionHistory;
  /** Settles once the execution has closed and its history is complete. */
  readonly finished: Promise<void>;

  private readonly transitions = new Map<string, number>();
  private readonly retries: RetryTracker;
  private readonly random: SeededRandom;
  private readonly stopController = new AbortController();
  /** Interrupts of the attempts in flight, called when the execution stops. */
  private readonly inFlight = new Set<(error: Error) => void>();
  private abortRun: (() => void) | undefined;
  /** The token `$$.Task.Token` evaluates to until a Task claims it (see `contextObject`). */
  private pendingToken: string | undefined;
  private readonly hold: ClockHold;

  /** @param ready resolves once the emulator can raise States.Timeout (see `prepareTimeoutFailures`) */
  constructor(
    readonly params: ExecutionParams,
    private readonly services: ExecutionServices,
    private readonly ready: Promise<void>,
  ) {
    this.startMs = services.clock.nowMs();
    // Held from the start: virtual time stands still while this execution works, and moves
    // only while it waits (see VirtualClock).
    this.hold = services.clock.hold();
    this.history = new ExecutionHistory(services.clock);
    this.random = new SeededRandom(params.seed);
    this.retries = new RetryTracker(this.random);
    this.finished = this.run().finally(() => this.hold.release());
  }

  /** StopExecution, or the machine's TimeoutSeconds: closes the execution now. */
  stop(status: 'ABORTED' | 'TIMED_OUT', error: string | undefined, cause: string | undefined): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.error = error;
    this.cause = cause;
    this.stopMs = this.services.clock.nowMs();
    this.stopController.abort();
    for (const interrupt of this.inFlight) interrupt(new StatesRuntimeFailure(`The execution was stopped (${status}).`));
    this.abortRun?.();
  }

  stats(): ExecutionStats {
    const byState = Object.fromEntries(this.transitions);
    return { stateTransitions: [...this.transitions.values()].reduce((sum, count) => sum + count, 0), byState };
  }

  private async run(): Promise<void> {
    await this.ready;
    if (this.status !== 'RUNNING') {
      // Stopped before the interpreter started: the history still opens and closes.
      this.history.add('ExecutionStarted', { input: this.params.input, inputDetails: { truncated: false }, roleArn: this.params.roleArn });
      this.history.add('ExecutionAborted', { error: this.error, cause: this.cause });
      return;
    }
    const { prepared } = this.params;
    const timeoutSeconds = prepared.timeoutSeconds;
    const cancelTimeout =
      timeoutSeconds === undefined
        ? undefined
        : this.services.timers.watch(this.startMs + timeoutSeconds * 1000, () =>
            this.stop('TIMED_OUT', 'States.Timeout', `The execution ran longer than the state machine's TimeoutSeconds (${timeoutSeconds} s).`),
          );
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [name, state] of prepared.states) {
      if (prepared.waitStates.has(name)) handlers[name] = (input) => this.runWait(state, input);
      else if (state.Type === 'Task') handlers[name] = (input) => this.runTask(name, state, input);
      // The back-off is slept on the virtual clock by runTask (see RetryTracker).
      if (state.Retry) retryIntervalOverrides[name] = 0;
    }
    const machine = new StateMachine(prepared.runnable, { validationOptions: { noValidate: true } });
    const run = machine.run(JSON.parse(this.params.input) as Json, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      noThrowOnAbort: true,
      context: this.contextObject(),
    });
    this.abortRun = run.abort;
    const historyComplete = this.recordEvents(run.eventLogs as unknown as EventLog);
    let outcome: { output: string } | { error: string; cause: string };
    try {
      outcome = { output: JSON.stringify(await run.result) };
    } catch (error) {
      const failure = (error as { cause?: unknown }).cause ?? error;
      outcome = failure instanceof Error ? { error: failure.name, cause: failure.message } : { error: 'States.Runtime', cause: String(failure) };
    }
    await historyComplete;
    cancelTimeout?.();
    if (this.status !== 'RUNNING') return;
    this.stopMs = this.services.clock.nowMs();
    if ('output' in outcome) {
      this.status = 'SUCCEEDED';
      this.output = outcome.output;
    } else {
      this.status = 'FAILED';
      this.error = outcome.error;
      this.cause = outcome.cause;
    }
  }

  /**
   * The context object (`$$`). The interpreter copies it shallowly, so the getters of the nested
   * `Task` and `State` objects survive and are read while a state's Parameters are evaluated.
   * Parameters are evaluated and the Task's handler is called in one synchronous run, so the
   * token `$$.Task.Token` yields is the one the handler claims next: every attempt (retries
   * included) gets a fresh token.
   */
  private contextObject(): Record<string, unknown> {
    const { clock, broker } = this.services;
    const { params } = this;
    return {
      Execution: { Id: params.arn, Name: params.name, RoleArn: params.roleArn, RedriveCount: 0 },
      StateMachine: { Id: params.stateMachineArn, Name: params.stateMachineName },
      State: Object.defineProperty({}, 'EnteredTime', { enumerable: true, get: () => iso(clock.nowMs()) }),
      Task: Object.defineProperty({}, 'Token', { enumerable: true, get: () => (this.pendingToken ??= broker.mint(params.arn)) }),
      [CONTEXT_STATE_NAMES_FIELD]: params.prepared.stateNames,
      [CONTEXT_START_TIME_FIELD]: iso(this.startMs),
    };
  }

  private async runWait(state: AslState, input: Json): Promise<Json> {
    await nextMacrotask();
    await this.services.timers.sleepUntil(this.waitDueMs(state, input), this.hold, this.stopController.signal);
    return input;
  }

  private waitDueMs(state: AslState, input: Json): number {
    const nowMs = this.services.clock.nowMs();
    if (state.Seconds !== undefined) return nowMs + state.Seconds * 1000;
    if (state.Timestamp !== undefined) return Date.parse(state.Timestamp);
    if (state.SecondsPath !== undefined) {
      const seconds = resolveReferencePath(state.SecondsPath, input);
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw new StatesRuntimeFailure(`SecondsPath '${state.SecondsPath}' must point to an integer >= 0, got ${JSON.stringify(seconds)}.`);
      }
      return nowMs + seconds * 1000;
    }
    if (state.TimestampPath !== undefined) {
      const timestamp = resolveReferencePath(state.TimestampPath, input);
      const dueMs = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
      if (Number.isNaN(dueMs))
        throw new StatesRuntimeFailure(`TimestampPath '${state.TimestampPath}' must point to an ISO 8601 timestamp, got ${JSON.stringify(timestamp)}.`);
      return dueMs;
    }
    throw new StatesRuntimeFailure('A Wait state needs one of Seconds, SecondsPath, Timestamp or TimestampPath.');
  }

  private async runTask(stateName: string, state: AslState, parameters: Json): Promise<Json> {
    // Synchronously after Parameters were evaluated: the token they read belongs to this attempt.
    const claimedToken = this.pendingToken;
    this.pendingToken = undefined;
    await nextMacrotask();
    if (this.status !== 'RUNNING') throw new StatesRuntimeFailure('The execution has stopped.');
    const delayMs = this.retries.takeDelayMs(stateName);
    if (delayMs > 0) await this.services.timers.sleepUntil(this.services.clock.nowMs() + delayMs, this.hold, this.stopController.signal);
    if (this.status !== 'RUNNING') throw new StatesRuntimeFailure('The execution has stopped.');

    let resource: TaskResource;
    try {
      resource = parseTaskResource(state.Resource ?? '');
    } catch (error) {
      throw new StatesRuntimeFailure((error as Error).message);
    }
    const details = { resourceType: resource.resourceType, resource: resource.resourceName };
    const timeoutSeconds = this.taskSeconds('TimeoutSeconds', state.TimeoutSeconds, state.TimeoutSecondsPath, parameters);
    const heartbeatSeconds = this.taskSeconds('HeartbeatSeconds', state.HeartbeatSeconds, state.HeartbeatSecondsPath, parameters);
    this.history.add('TaskScheduled', {
      ...details,
      region: SANDBOX_REGION,
      parameters: JSON.stringify(withoutReservedKeys(parameters)),
      timeoutInSeconds: timeoutSeconds,
      heartbeatInSeconds: heartbeatSeconds,
    });
    this.history.add('TaskStarted', details);
    const attempt = this.openAttempt(timeoutSeconds);
    try {
      const output = await Promise.race([
        this.perform(resource, withoutReservedKeys(parameters), claimedToken, heartbeatSeconds, attempt, details),
        attempt.interrupted,
      ]);
      this.history.add('TaskSucceeded', { ...details, output: JSON.stringify(output), outputDetails: { truncated: false } });
      this.retries.recordSuccess(stateName);
      return output;
    } catch (thrown) {
      const failure = thrown instanceof Error ? thrown : new TaskFailure('States.TaskFailed', String(thrown));
      const isTimeout = failure.name === 'States.Timeout';
      this.history.add(isTimeout ? 'TaskTimedOut' : 'TaskFailed', { ...details, error: failure.name, cause: failure.message });
      const { isRetryable } = failure as { isRetryable?: boolean };
      this.retries.recordFailure(stateName, state.Retry, { name: failure.name, isRetryable, isTimeout });
      throw failure;
    } finally {
      attempt.interrupt(new Error('attempt finished'));
    }
  }

  /** An attempt that TimeoutSeconds (virtual) or StopExecution can cut short. */
  private openAttempt(timeoutSeconds: number | undefined): Attempt {
    const { promise: interrupted, reject } = Promise.withResolvers<never>();
    // Rejections after the attempt settled are expected and must not surface as unhandled.
    interrupted.catch(() => undefined);
    const cancelTimeout =
      timeoutSeconds === undefined
        ? () => undefined
        : this.services.timers.watch(this.services.clock.nowMs() + timeoutSeconds * 1000, () =>
            interrupt(statesTimeout(`The task did not complete within its TimeoutSeconds (${timeoutSeconds} s of virtual time).`)),
          );
    const interrupt = (error: Error): void => {
      cancelTimeout();
      this.inFlight.delete(interrupt);
      reject(error);
    };
    this.inFlight.add(interrupt);
    return { interrupted, interrupt };
  }

  private taskSeconds(
    field: 'TimeoutSeconds' | 'HeartbeatSeconds',
    seconds: number | undefined,
    path: string | undefined,
    parameters: Json,
  ): number | undefined {
    if (path === undefined) return seconds;
    const reserved = RESERVED_SECONDS_KEYS[field];
    const carried = parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters) && reserved in parameters;
    const value = carried ? (parameters as Record<string, unknown>)[reserved] : resolveReferencePath(path, parameters);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new StatesRuntimeFailure(`${field}Path '${path}' must point to an integer >= 1, got ${JSON.stringify(value)}.`);
    }
    return value;
  }

  private async perform(
    resource: TaskResource,
    parameters: Json,
    claimedToken: string | undefined,
    heartbeatSeconds: number | undefined,
    attempt: Attempt,
    details: Record<string, string>,
  ): Promise<Json> {
    if (resource.kind === 'lambda-function') return ((await this.invokeLambda(resource.functionName, parameters)) as { Payload: Json }).Payload;
    const request = asParameters(parameters, resource);
    let call: () => Promise<Json>;
    if (resource.kind === 'lambda-invoke') {
      if (typeof request.FunctionName !== 'string') throw new StatesRuntimeFailure('arn:aws:states:::lambda:invoke needs a FunctionName string parameter.');
      const functionName = typeof request.Qualifier === 'string' ? `${request.FunctionName}:${request.Qualifier}` : request.FunctionName;
      call = () => this.invokeLambda(functionName, request.Payload ?? null);
    } else {
      call = () => this.callSdk(resource, request);
    }
    if (!resource.callback) return call();
    return this.awaitCallback(claimedToken ?? this.services.broker.mint(this.params.arn), heartbeatSeconds, attempt, details, call);
  }

  /** `.waitForTaskToken`: call the integration, then wait for SendTask* on the token. */
  private async awaitCallback(
    token: string,
    heartbeatSeconds: number | undefined,
    attempt: Attempt,
    details: Record<string, string>,
    call: () => Promise<Json>,
  ): Promise<Json> {
    const { clock, timers, broker } = this.services;
    let cancelHeartbeat = (): void => undefined;
    const armHeartbeat = (): void => {
      cancelHeartbeat();
      if (heartbeatSeconds === undefined) return;
      cancelHeartbeat = timers.watch(clock.nowMs() + heartbeatSeconds * 1000, () =>
        attempt.interrupt(new TaskFailure('States.HeartbeatTimeout', `No SendTaskHeartbeat within HeartbeatSeconds (${heartbeatSeconds} s of virtual time).`)),
      );
    };
    // Opened before the call: a handler may send the outcome before the call returns.
    const wait = broker.open(token, armHeartbeat);
    armHeartbeat();
    try {
      const submitted = await Promise.race([call(), attempt.interrupted]);
      this.history.add('TaskSubmitted', { ...details, output: JSON.stringify(submitted) });
      // Waiting on the outside world (a person, a callback): time may pass meanwhile.
      this.hold.release();
      const outcome = await Promise.race([wait.outcome, attempt.interrupted]).finally(() => this.hold.acquire());
      if (outcome.kind === 'failure') throw new TaskFailure(outcome.error ?? '', outcome.cause ?? '');
      return JSON.parse(outcome.output) as Json;
    } finally {
      wait.close();
      cancelHeartbeat();
    }
  }

  /** Lambda's Invoke as the optimised integration returns it; function errors become task failures. */
  private async invokeLambda(functionName: string, payload: unknown): Promise<Json> {
    let invocation;
    try {
      invocation = await this.services.integrations.invokeLambda(functionName, payload);
    } catch (error) {
      throw new TaskFailure(`Lambda.${awsErrorCode(error, 'ServiceException')}`, (error as Error).message ?? String(error));
    }
    if (invocation.functionError) {
      const errorType = (invocation.payload as { errorType?: unknown } | null)?.errorType;
      const payloadText = JSON.stringify(invocation.payload);
      if (typeof errorType === 'string' && errorType !== '') throw new TaskFailure(errorType, payloadText);
      throw new TaskFailure(
        'Lambda.Unknown',
        `The cause could not be determined because Lambda did not return an error type. Returned payload: ${payloadText}`,
      );
    }
    const requestId = this.requestId();
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

  private async callSdk(resource: Extract<TaskResource, { kind: 'sdk-call' }>, request: Record<string, unknown>): Promise<Json> {
    let response: unknown;
    try {
      response = await this.services.integrations.callAwsSdk(resource.service, resource.action, request);
    } catch (error) {
      throw new TaskFailure(integrationErrorName(resource, awsErrorCode(error, 'SdkClientException')), (error as Error).message ?? String(error));
    }
    if (response === null || typeof response !== 'object') return (response ?? {}) as Json;
    const { $metadata: _metadata, ...body } = response as Record<string, unknown>;
    return JSON.parse(JSON.stringify(body)) as Json;
  }

  /** A request id drawn from the execution's seeded generator, shaped like AWS's UUIDs. */
  private requestId(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random.next() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private async recordEvents(events: EventLog): Promise<void> {
    for await (const event of events) this.recordEvent(event);
  }

  /** Maps one interpreter event to AWS history events (Task* events come from `runTask`). */
  private recordEvent(event: Record<string, unknown> & { type: string }): void {
    const state = event.state as { name: string; input: unknown; output?: unknown } | undefined;
    const type = state ? this.stateType(state.name) : '';
    switch (event.type) {
      case 'ExecutionStarted':
        this.history.add('ExecutionStarted', { input: this.params.input, inputDetails: { truncated: false }, roleArn: this.params.roleArn });
        break;
      case 'StateEntered':
        if (!state) break;
        this.countTransition(state.name);
        this.history.add(`${type}StateEntered`, { name: state.name, input: JSON.stringify(state.input), inputDetails: { truncated: false } });
        if (type === 'Map' || type === 'Parallel') this.history.add(`${type}StateStarted`);
        break;
      case 'StateExited':
        if (!state) break;
        if (type === 'Map' || type === 'Parallel') this.history.add(`${type}StateSucceeded`);
        this.history.add(`${type}StateExited`, { name: state.name, output: JSON.stringify(state.output ?? null), outputDetails: { truncated: false } });
        break;
      case 'StateFailed':
        if (state && (type === 'Map' || type === 'Parallel')) this.history.add(`${type}StateFailed`);
        break;
      case 'StateRetried':
        if (state) this.countTransition(state.name);
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.history.add(event.type, { name: (event.parentState as { name: string }).name, index: event.index });
        break;
      case 'ExecutionSucceeded':
        this.history.add('ExecutionSucceeded', { output: JSON.stringify(event.output ?? null), outputDetails: { truncated: false } });
        break;
      case 'ExecutionFailed':
        this.history.add('ExecutionFailed', { error: event.Error, cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause) });
        break;
      case 'ExecutionAborted':
        this.history.add(this.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionAborted', { error: this.error, cause: this.cause });
        break;
      default:
        // ParallelBranch* and StateCaught have no history event of their own on AWS.
        break;
    }
  }

  private stateType(name: string): string {
    return this.params.prepared.states.get(name)?.Type ?? 'Task';
  }

  private countTransition(stateName: string): void {
    this.transitions.set(stateName, (this.transitions.get(stateName) ?? 0) + 1);
  }
}

function asParameters(parameters: Json, resource: TaskResource): Record<string, unknown> {
  if (parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)) return parameters;
  throw new StatesRuntimeFailure(
    `The Parameters of a '${resource.resourceType}:${resource.resourceName}' task must be an object, got ${JSON.stringify(parameters)}.`,
  );
}

/** The AWS error code of a thrown error (its `name`), or `fallback` for anonymous errors. */
function awsErrorCode(error: unknown, fallback: string): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' && name !== 'Error' ? name : fallback;
}

/** The Parameters as the integration must see them: without the sandbox's carried path values. */
function withoutReservedKeys(parameters: Json): Json {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) return parameters;
  const reserved: readonly string[] = Object.values(RESERVED_SECONDS_KEYS);
  return Object.fromEntries(Object.entries(parameters).filter(([key]) => !reserved.includes(key))) as Json;
}
