/**
 * Static rules every Braid state machine must follow, as pure functions over an ASL definition.
 * Each check returns the violations it found (empty when the definition complies), so tests can
 * run them on the real `statemachines/*.asl.json` and on deliberately broken definitions alike.
 */
import { placeholdersOf, substitutePlaceholders } from '../../statemachines/substitutions.js';

/** One ASL state, loosely typed: the checks only read the fields they need. */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: ReadonlyArray<{ readonly Next: string }>;
  readonly Resource?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly Retry?: readonly AslRetrier[];
  readonly Catch?: readonly AslCatcher[];
  readonly Branches?: readonly AslScope[];
  readonly ItemProcessor?: AslScope;
  readonly Iterator?: AslScope;
  readonly QueryLanguage?: string;
  /** A Fail state's error name. */
  readonly Error?: string;
}

/** A `States` map with its `StartAt`: a whole machine, a Parallel branch or a Map processor. */
export interface AslScope {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly QueryLanguage?: string;
}

export interface AslRetrier {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
  readonly IntervalSeconds?: number;
}

export interface AslCatcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
}

/** A rule broken by one state (or by the definition as a whole when `state` is empty). */
export interface AslViolation {
  readonly rule: AslRule;
  readonly state: string;
  readonly message: string;
}

export type AslRule = 'query-language' | 'task-timeout' | 'retry' | 'catch' | 'reachability' | 'transition';

/**
 * The only errors a Retry may name: throttling and service-side faults that a later attempt can
 * clear. Everything else (a task's own error, `States.ALL`, a timeout whose effect may have been
 * applied) must go to a Catch, where compensation decides.
 */
export const TRANSIENT_ERRORS: ReadonlySet<string> = new Set([
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'SNS.ThrottledException',
  'SNS.InternalErrorException',
  'SNS.SdkClientException',
  // Another operation holds the target's lease: it ends when that operation releases it or the lease expires.
  'Braid.TargetBusy',
]);

/** Longest timeout a Task may have unless it waits for a task token. */
export const MAX_TASK_TIMEOUT_SECONDS = 900;

/** State names that start compensation or end the run visibly. */
export const COMPENSATION_PREFIXES = ['Compensate', 'Restore', 'Finish', 'Notify', 'Flag'] as const;

/** Every state of a scope and of the scopes nested in it, with a dotted path for messages. */
function* statesOf(scope: AslScope, prefix = ''): Generator<{ path: string; name: string; state: AslState; scope: AslScope }> {
  for (const [name, state] of Object.entries(scope.States)) {
    const path = `${prefix}${name}`;
    yield { path, name, state, scope };
    for (const [index, branch] of (state.Branches ?? []).entries()) yield* statesOf(branch, `${path}.Branches[${index}].`);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* statesOf(processor, `${path}.ItemProcessor.`);
  }
}

/** Every scope: the machine, each Parallel branch and each Map processor. */
function* scopesOf(scope: AslScope, prefix = ''): Generator<{ path: string; scope: AslScope }> {
  yield { path: prefix || '(root)', scope };
  for (const [name, state] of Object.entries(scope.States)) {
    for (const [index, branch] of (state.Branches ?? []).entries()) yield* scopesOf(branch, `${prefix}${name}.Branches[${index}]`);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* scopesOf(processor, `${prefix}${name}.ItemProcessor`);
  }
}

/** The states a state can move to within its scope, on success or on a caught error. */
function successorsOf(state: AslState): string[] {
  return [
    ...(state.Next === undefined ? [] : [state.Next]),
    ...(state.Default === undefined ? [] : [state.Default]),
    ...(state.Choices ?? []).map((choice) => choice.Next),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ];
}

/** JSONPath only: JSONata is not executed by the local interpreter, so the sandbox would lie. */
export function checkQueryLanguage(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  if (definition.QueryLanguage !== undefined && definition.QueryLanguage !== 'JSONPath') {
    violations.push({ rule: 'query-language', state: '', message: `QueryLanguage is ${definition.QueryLanguage}; use JSONPath` });
  }
  for (const { path, state } of statesOf(definition)) {
    if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath') {
      violations.push({ rule: 'query-language', state: path, message: `QueryLanguage is ${state.QueryLanguage}; use JSONPath` });
    }
  }
  return violations;
}

/** Every Task has a timeout of at most 900 s, except one waiting for a task token. */
export function checkTaskTimeouts(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  for (const { path, state } of statesOf(definition)) {
    if (state.Type !== 'Task' || state.Resource?.endsWith('.waitForTaskToken')) continue;
    if (state.TimeoutSecondsPath !== undefined) continue;
    if (state.TimeoutSeconds === undefined) {
      violations.push({ rule: 'task-timeout', state: path, message: 'has no TimeoutSeconds (the default is 99999999 s)' });
    } else if (state.TimeoutSeconds > MAX_TASK_TIMEOUT_SECONDS) {
      violations.push({
        rule: 'task-timeout',
        state: path,
        message: `TimeoutSeconds ${state.TimeoutSeconds} exceeds ${MAX_TASK_TIMEOUT_SECONDS}`,
      });
    }
  }
  return violations;
}

/** Retries are capped (1-5 attempts), jittered, bounded in delay and only for transient errors. */
export function checkRetries(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  for (const { path, state } of statesOf(definition)) {
    for (const [index, retrier] of (state.Retry ?? []).entries()) {
      const at = (message: string) => violations.push({ rule: 'retry', state: path, message: `Retry[${index}] ${message}` });
      const attempts = retrier.MaxAttempts ?? 3;
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > 5) at(`MaxAttempts ${attempts} is outside 1..5`);
      if (retrier.JitterStrategy !== 'FULL') at(`JitterStrategy is ${retrier.JitterStrategy ?? 'unset'}; use FULL`);
      if (retrier.MaxDelaySeconds === undefined) at('has no MaxDelaySeconds');
      if ((retrier.BackoffRate ?? 2) < 1) at(`BackoffRate ${retrier.BackoffRate} is below 1`);
      const notTransient = retrier.ErrorEquals.filter((error) => !TRANSIENT_ERRORS.has(error));
      if (notTransient.length > 0) at(`retries non-transient errors: ${notTransient.join(', ')}`);
    }
  }
  return violations;
}

/** True when every path from `start` reaches a compensation state or a Fail before ending. */
function reachesCompensation(scope: AslScope, start: string): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return true;
    seen.add(name);
    const state = scope.States[name];
    if (state === undefined) return false;
    if (state.Type === 'Fail' || COMPENSATION_PREFIXES.some((prefix) => name.startsWith(prefix))) return true;
    const next = [
      ...(state.Next === undefined ? [] : [state.Next]),
      ...(state.Default === undefined ? [] : [state.Default]),
      ...(state.Choices ?? []).map((choice) => choice.Next),
    ];
    // A Succeed, an End or a Choice without a Default ends this path silently.
    if (next.length === 0 || (state.Type === 'Choice' && state.Default === undefined)) return false;
    return next.every(visit);
  };
  return visit(start);
}

/**
 * Every Task catches `States.ALL` into a path that compensates or fails visibly. A Task inside a
 * Parallel branch or a Map processor may instead rely on its enclosing state's compliant Catch.
 */
export function checkCatches(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  const visitScope = (scope: AslScope, prefix: string, coveredByParent: boolean): void => {
    for (const [name, state] of Object.entries(scope.States)) {
      const path = `${prefix}${name}`;
      const catchAll = (state.Catch ?? []).find((catcher) => catcher.ErrorEquals.includes('States.ALL'));
      const compliant = catchAll !== undefined && reachesCompensation(scope, catchAll.Next);
      if (state.Type === 'Task' && !compliant && !coveredByParent) {
        violations.push({
          rule: 'catch',
          state: path,
          message:
            catchAll === undefined
              ? 'has no Catch for States.ALL'
              : `Catch for States.ALL goes to ${catchAll.Next}, from which a path ends without a ${COMPENSATION_PREFIXES.join('/')}* state or a Fail`,
        });
      }
      const nestedCovered = coveredByParent || compliant;
      for (const [index, branch] of (state.Branches ?? []).entries()) visitScope(branch, `${path}.Branches[${index}].`, nestedCovered);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) visitScope(processor, `${path}.ItemProcessor.`, nestedCovered);
    }
  };
  visitScope(definition, '', false);
  return violations;
}

/** Every state is reachable from its scope's StartAt. */
export function checkReachability(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  for (const { path, scope } of scopesOf(definition)) {
    const reached = new Set<string>();
    const pending = [scope.StartAt];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (reached.has(name) || scope.States[name] === undefined) continue;
      reached.add(name);
      pending.push(...successorsOf(scope.States[name]!));
    }
    for (const name of Object.keys(scope.States)) {
      if (!reached.has(name)) {
        violations.push({ rule: 'reachability', state: name, message: `is unreachable from StartAt in ${path}` });
      }
    }
  }
  return violations;
}

/** StartAt and every Next, Default, Choice and Catch target name a state of the same scope. */
export function checkTransitions(definition: AslScope): AslViolation[] {
  const violations: AslViolation[] = [];
  for (const { path, scope } of scopesOf(definition)) {
    if (scope.States[scope.StartAt] === undefined) {
      violations.push({ rule: 'transition', state: '', message: `StartAt ${scope.StartAt} does not exist in ${path}` });
    }
    for (const [name, state] of Object.entries(scope.States)) {
      for (const target of successorsOf(state)) {
        if (scope.States[target] === undefined) {
          violations.push({ rule: 'transition', state: name, message: `goes to ${target}, which does not exist in ${path}` });
        }
      }
    }
  }
  return violations;
}

/** Every rule above, in one list. */
export function checkAslRules(definition: AslScope): AslViolation[] {
  return [
    ...checkQueryLanguage(definition),
    ...checkTaskTimeouts(definition),
    ...checkRetries(definition),
    ...checkCatches(definition),
    ...checkReachability(definition),
    ...checkTransitions(definition),
  ];
}

/**
 * A definition file as CDK and the sandbox load it (`substitutePlaceholders`: retry policies in
 * place), with each `${Placeholder}` a well-formed Lambda ARN, so asl-validator can check ARNs
 * as it would after CDK fills them in.
 */
export function substitutedDefinition(definitionFile: string, text: string): AslScope {
  const arns = Object.fromEntries(placeholdersOf(text).map((name) => [name, `arn:aws:lambda:us-east-1:123456789012:function:${name}`]));
  return JSON.parse(substitutePlaceholders(definitionFile, text, arns)) as AslScope;
}
