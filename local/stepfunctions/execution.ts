import { SeededRandom } from '../random.js';
import type { ClockHold } from '../virtual-clock.js';
import type { AslState, ChoiceState, FailState, PassState, StateMachineDefinition, TaskState, WaitState } from './asl-types.js';
import { evaluateChoiceRule } from './choice-rules.js';
import { contextObject, type ExecutionFacts } from './context-object.js';
import { ExecutionHistory } from './execution-history.js';
import { evaluateIntrinsic, parseIntrinsic } from './intrinsic-functions.js';
import type { Json } from './json.js';
import { evaluatePayloadTemplate } from './payload-template.js';
import { RetryPolicy } from './retry-policy.js';
import { applyInputPath, applyOutputPath, applyResultPath, lookupPath, requirePath } from './state-data.js';
import { matchesErrorEquals, STATES_ERRORS, StatesError, statesRuntime } from './states-error.js';
import { MAX_PAYLOAD_BYTES, runTaskAttempt, type AttemptScope, type ExecutionServices } from './task-attempt.js';
import { parseTaskResource, type TaskResource } from './task-resource.js';
import { waitDueMs } from './wait-deadline.js';

/** The lifecycle status DescribeExecution reports. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Who and what an execution runs. */
export interface ExecutionParams {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly definition: StateMachineDefinition;
  /** The input JSON text, exactly as given to StartExecution. */
  readonly input: string;
  /** Seeds retry jitter, request ids and the random intrinsics, so a replay is identical. */
  readonly seed: number;
}

/** Billable state transitions of one execution. */
export interface ExecutionStats {
  /** Every state entered plus every retry attempt, as AWS bills Standard workflows. */
  readonly stateTransitions: number;
  readonly byState: Record<string, number>;
}

/** Where a state sends the execution: its output and the next state, or none at the end. */
interface Step {
  readonly output: Json;
  readonly next?: string;
}

/** A Fail state reached: the execution fails with its error and cause (either may be absent). */
class FailStateReached extends Error {
  constructor(
    readonly error: string | undefined,
    override readonly cause: string | undefined,
  ) {
    super(cause);
  }
}

/**
 * One Standard-workflow execution of a JSONPath state machine, interpreted on the virtual clock.
 *
 * The execution holds the clock from its start to its end, so no virtual time passes while it
 * works (however long that takes in real time); it lets go only while it waits: a Wait state, a
 * retry back-off, a `.waitForTaskToken` task waiting for its callback. Deadlines (Waits, timeouts)
 * are virtual, so the history, the billed transitions and every timestamp are the same on any
 * machine.
 */
export class Execution {
  status: ExecutionStatus = 'RUNNING';
  readonly startMs: number;
  stopMs: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  readonly history: ExecutionHistory;
  /** Settles once the execution has closed. */
  readonly finished: Promise<void>;

  private readonly transitions = new Map<string, number>();
  private readonly random: SeededRandom;
  private readonly stopController = new AbortController();
  private readonly hold: ClockHold;
  private readonly facts: ExecutionFacts;
  private readonly attemptScope: AttemptScope;

  constructor(
    readonly params: ExecutionParams,
    private readonly services: ExecutionServices,
  ) {
    this.startMs = services.clock.nowMs();
    this.hold = services.clock.hold(`Step Functions execution ${params.name} of ${params.stateMachineName}`);
    this.history = new ExecutionHistory(services.clock);
    this.random = new SeededRandom(params.seed);
    this.facts = {
      arn: params.arn,
      name: params.name,
      roleArn: params.roleArn,
      startMs: this.startMs,
      input: JSON.parse(params.input) as Json,
      stateMachineArn: params.stateMachineArn,
      stateMachineName: params.stateMachineName,
    };
    this.attemptScope = {
      services,
      history: this.history,
      hold: this.hold,
      executionArn: params.arn,
      random: this.random,
      inFlight: new Set(),
    };
    this.history.add('ExecutionStarted', { input: params.input, inputDetails: { truncated: false }, roleArn: params.roleArn });
    this.finished = this.run().finally(() => this.hold.release());
  }

  /** StopExecution, or the machine's TimeoutSeconds: closes the execution now. */
  stop(status: 'ABORTED' | 'TIMED_OUT', error: string | undefined, cause: string | undefined): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.error = error;
    this.cause = cause;
    this.stopMs = this.services.clock.nowMs();
    this.history.add(status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionAborted', { error, cause });
    this.stopController.abort();
    for (const interrupt of [...this.attemptScope.inFlight]) interrupt(statesRuntime(`The execution was stopped (${status}).`));
  }

  stats(): ExecutionStats {
    const byState = Object.fromEntries(this.transitions);
    return { stateTransitions: [...this.transitions.values()].reduce((sum, count) => sum + count, 0), byState };
  }

  private async run(): Promise<void> {
    // Let StartExecution return (and be journaled) before the first state runs.
    await Promise.resolve();
    const { definition } = this.params;
    const timeoutSeconds = definition.TimeoutSeconds;
    const cancelTimeout =
      timeoutSeconds === undefined
        ? undefined
        : this.services.timers.watch(this.startMs + timeoutSeconds * 1000, () =>
            this.stop('TIMED_OUT', STATES_ERRORS.timeout, `The execution ran longer than the state machine's TimeoutSeconds (${timeoutSeconds} s).`),
          );
    try {
      let name = definition.StartAt;
      let input = this.facts.input;
      for (;;) {
        if (this.status !== 'RUNNING') return;
        const step = await this.runState(name, definition.States[name]!, input);
        if (this.status !== 'RUNNING') return;
        if (step.next === undefined) {
          this.close('SUCCEEDED', { output: JSON.stringify(step.output) });
          this.history.add('ExecutionSucceeded', { output: this.output, outputDetails: { truncated: false } });
          return;
        }
        name = step.next;
        input = step.output;
      }
    } catch (thrown) {
      if (this.status !== 'RUNNING') return;
      const failure =
        thrown instanceof FailStateReached
          ? { error: thrown.error, cause: thrown.cause }
          : thrown instanceof StatesError
            ? { error: thrown.name, cause: thrown.message }
            : { error: STATES_ERRORS.runtime, cause: String(thrown) };
      this.close('FAILED', failure);
      this.history.add('ExecutionFailed', failure);
    } finally {
      cancelTimeout?.();
    }
  }

  private close(status: 'SUCCEEDED' | 'FAILED', outcome: { output?: string; error?: string; cause?: string }): void {
    this.status = status;
    this.stopMs = this.services.clock.nowMs();
    this.output = outcome.output;
    this.error = outcome.error;
    this.cause = outcome.cause;
  }

  /** Enters a state, runs it and records its exit; a failure it does not catch propagates. */
  private async runState(name: string, state: AslState, input: Json): Promise<Step> {
    this.hold.describe(`Step Functions execution ${this.params.name} of ${this.params.stateMachineName}, state ${name}`);
    const enteredMs = this.services.clock.nowMs();
    this.countTransition(name);
    this.history.add(`${state.Type}StateEntered`, { name, input: JSON.stringify(input), inputDetails: { truncated: false } });
    const context = contextObject(this.facts, { name, enteredMs, retryCount: 0 });
    let step: Step;
    switch (state.Type) {
      case 'Task':
        step = await this.runTask(name, state, input, enteredMs);
        break;
      case 'Pass':
        step = this.runPass(state, input, context);
        break;
      case 'Wait':
        step = await this.runWait(state, input, context);
        break;
      case 'Choice':
        step = this.runChoice(name, state, input, context);
        break;
      case 'Succeed':
        step = { output: applyOutputPath(state.OutputPath, applyInputPath(state.InputPath, input, context), context) };
        break;
      case 'Fail':
        throw this.failState(state, input, context);
    }
    if (this.status !== 'RUNNING') return step;
    const output = JSON.stringify(step.output);
    const bytes = Buffer.byteLength(output);
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new StatesError(STATES_ERRORS.dataLimitExceeded, `The output of state '${name}' is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} are allowed.`);
    }
    this.history.add(`${state.Type}StateExited`, { name, output, outputDetails: { truncated: false } });
    return step;
  }

  private runPass(state: PassState, input: Json, context: Json): Step {
    const effective = applyInputPath(state.InputPath, input, context);
    const parameters = state.Parameters === undefined ? effective : evaluatePayloadTemplate(state.Parameters, this.scope(effective, context));
    const result = state.Result === undefined ? parameters : (state.Result as Json);
    return { output: applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, input, result), context), next: state.Next };
  }

  private async runWait(state: WaitState, input: Json, context: Json): Promise<Step> {
    const effective = applyInputPath(state.InputPath, input, context);
    const dueMs = waitDueMs(state, effective, context, this.services.clock.nowMs());
    await this.services.timers.sleepUntil(dueMs, this.hold, this.stopController.signal);
    return { output: applyOutputPath(state.OutputPath, effective, context), next: state.Next };
  }

  private runChoice(name: string, state: ChoiceState, input: Json, context: Json): Step {
    const effective = applyInputPath(state.InputPath, input, context);
    const read = (path: string) => lookupPath(path, effective, context);
    const next = state.Choices.find((rule) => evaluateChoiceRule(rule, read))?.Next ?? state.Default;
    if (next === undefined) throw new StatesError(STATES_ERRORS.noChoiceMatched, `No Choice Rules matched and no Default was specified in state '${name}'.`);
    return { output: applyOutputPath(state.OutputPath, effective, context), next };
  }

  private failState(state: FailState, input: Json, context: Json): FailStateReached {
    const text = (field: string, expression: string | undefined, fixed: string | undefined): string | undefined => {
      if (expression === undefined) return fixed;
      const value = expression.startsWith('$')
        ? requirePath(field, expression, input, context)
        : evaluateIntrinsic(parseIntrinsic(expression), this.scope(input, context));
      if (typeof value !== 'string') throw statesRuntime(`${field} '${expression}' must give a string, got ${JSON.stringify(value)}.`);
      return value;
    };
    return new FailStateReached(text('ErrorPath', state.ErrorPath, state.Error), text('CausePath', state.CausePath, state.Cause));
  }

  /** A Task: attempts until one succeeds, Retry gives up, or Catch takes the failure. */
  private async runTask(name: string, state: TaskState, input: Json, enteredMs: number): Promise<Step> {
    const retry = new RetryPolicy(state.Retry ?? [], () => this.random.next());
    for (;;) {
      try {
        return { output: await this.attemptTask(name, state, input, enteredMs, retry.retryCount), next: state.Next };
      } catch (thrown) {
        if (this.status !== 'RUNNING') throw thrown;
        const error = thrown instanceof StatesError ? thrown : new StatesError(STATES_ERRORS.taskFailed, String(thrown));
        const delayMs = retry.nextDelayMs(error.name);
        if (delayMs !== undefined) {
          // A retry is billed as a transition.
          this.countTransition(name);
          await this.services.timers.sleepUntil(this.services.clock.nowMs() + delayMs, this.hold, this.stopController.signal);
          if (this.status !== 'RUNNING') throw error;
          continue;
        }
        const catcher = state.Catch?.find((candidate) => matchesErrorEquals(candidate.ErrorEquals, error.name));
        if (!catcher) throw error;
        return { output: applyResultPath(catcher.ResultPath ?? '$', input, { Error: error.name, Cause: error.message }), next: catcher.Next };
      }
    }
  }

  /** One attempt: Parameters, the call, then ResultSelector, ResultPath and OutputPath. */
  private async attemptTask(name: string, state: TaskState, input: Json, enteredMs: number, retryCount: number): Promise<Json> {
    let resource: TaskResource;
    try {
      resource = parseTaskResource(state.Resource);
    } catch (error) {
      throw statesRuntime((error as Error).message);
    }
    const token = resource.kind !== 'lambda-function' && resource.callback ? this.services.broker.mint(this.params.arn) : undefined;
    const context = contextObject(this.facts, { name, enteredMs, retryCount, ...(token === undefined ? {} : { taskToken: token }) });
    const effective = applyInputPath(state.InputPath, input, context);
    const parameters = state.Parameters === undefined ? effective : evaluatePayloadTemplate(state.Parameters, this.scope(effective, context));
    const result = await runTaskAttempt(this.attemptScope, {
      resource,
      parameters,
      timeoutSeconds: this.taskSeconds('TimeoutSecondsPath', state.TimeoutSeconds, state.TimeoutSecondsPath, effective, context),
      heartbeatSeconds: this.taskSeconds('HeartbeatSecondsPath', state.HeartbeatSeconds, state.HeartbeatSecondsPath, effective, context),
      ...(token === undefined ? {} : { token }),
    });
    const selected = state.ResultSelector === undefined ? result : evaluatePayloadTemplate(state.ResultSelector, this.scope(result, context));
    return applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, input, selected), context);
  }

  /** A task's TimeoutSeconds or HeartbeatSeconds: the fixed value, or its path read from the effective input. */
  private taskSeconds(field: string, seconds: number | undefined, path: string | undefined, input: Json, context: Json): number | undefined {
    if (path === undefined) return seconds;
    const value = requirePath(field, path, input, context);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw statesRuntime(`${field} '${path}' must point to an integer >= 1, got ${JSON.stringify(value)}.`);
    }
    return value;
  }

  private scope(input: Json, context: Json) {
    return { input, context, random: () => this.random.next() };
  }

  private countTransition(stateName: string): void {
    this.transitions.set(stateName, (this.transitions.get(stateName) ?? 0) + 1);
  }
}
