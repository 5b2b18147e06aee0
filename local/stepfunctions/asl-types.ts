/**
 * The Amazon States Language (JSONPath) as the sandbox executes it: the fields of each state
 * type it reads. `parseDefinition` checks a definition against these shapes before it is used.
 */

/** One element of a state's `Retry` field. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  /** @default 1 */
  readonly IntervalSeconds?: number;
  /** @default 3 */
  readonly MaxAttempts?: number;
  /** @default 2 */
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  /** @default 'NONE' */
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

/** One element of a state's `Catch` field. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  /** @default '$' (the error output replaces the input) */
  readonly ResultPath?: string | null;
}

/**
 * A Choice rule: a comparison (`Variable` plus one operator such as `StringEquals` or
 * `NumericLessThanPath`), or a combination (`And`, `Or`, `Not`). Top-level rules have `Next`.
 */
export interface ChoiceRule {
  readonly Variable?: string;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly Next?: string;
  readonly [operator: string]: unknown;
}

interface StateBase {
  readonly Comment?: string;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Next?: string;
  readonly End?: boolean;
}

export interface TaskState extends StateBase {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: unknown;
  readonly ResultSelector?: unknown;
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
}

export interface PassState extends StateBase {
  readonly Type: 'Pass';
  readonly Result?: unknown;
  readonly Parameters?: unknown;
  readonly ResultPath?: string | null;
}

export interface WaitState extends StateBase {
  readonly Type: 'Wait';
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}

export interface ChoiceState extends StateBase {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

export interface SucceedState extends StateBase {
  readonly Type: 'Succeed';
}

export interface FailState extends StateBase {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly Cause?: string;
  /** A reference path or an intrinsic function giving the error name. */
  readonly ErrorPath?: string;
  /** A reference path or an intrinsic function giving the cause. */
  readonly CausePath?: string;
}

/** A state the sandbox executes. */
export type AslState = TaskState | PassState | WaitState | ChoiceState | SucceedState | FailState;

/** A state machine definition, checked (see `parseDefinition`). */
export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  /** The execution's time limit, enforced on the virtual clock. */
  readonly TimeoutSeconds?: number;
}
