import { AwsServiceError } from '../http/service.js';
import type { ChoiceRule, StateMachineDefinition } from './asl-types.js';
import { COMPARISON_OPERATORS, comparisonOperatorsOf } from './choice-rules.js';
import { parseIntrinsic } from './intrinsic-functions.js';
import { isJsonObject } from './json.js';
import { payloadTemplateProblems } from './payload-template.js';
import { parseReferencePath } from './reference-path.js';
import { STATES_ERRORS } from './states-error.js';
import { parseTimestampMs } from './timestamp.js';

type Fields = Record<string, unknown>;

const COMMON_FIELDS = ['Type', 'Comment', 'InputPath', 'OutputPath', 'Next', 'End'];
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  Task: [
    ...COMMON_FIELDS,
    'Resource',
    'Parameters',
    'ResultSelector',
    'ResultPath',
    'Retry',
    'Catch',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
  ],
  Pass: [...COMMON_FIELDS, 'Result', 'Parameters', 'ResultPath'],
  Wait: [...COMMON_FIELDS, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Choice: ['Type', 'Comment', 'InputPath', 'OutputPath', 'Choices', 'Default'],
  Succeed: ['Type', 'Comment', 'InputPath', 'OutputPath'],
  Fail: ['Type', 'Comment', 'Error', 'Cause', 'ErrorPath', 'CausePath'],
};
const TOP_LEVEL_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];

/**
 * Parses and checks a state machine definition (JSONPath ASL) as CreateStateMachine does, and
 * reports every problem found, each naming its state and field. Refuses what the sandbox does not
 * execute: JSONata, and Map and Parallel states (Braid's machines use neither).
 * @throws AwsServiceError `InvalidDefinition`
 */
export function parseDefinition(text: string): StateMachineDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw invalid([`not JSON (${(error as Error).message})`]);
  }
  if (!isJsonObject(definition)) throw invalid(['the definition must be a JSON object']);
  const problems = machineProblems(definition);
  if (problems.length > 0) throw invalid(problems);
  return definition as unknown as StateMachineDefinition;
}

function invalid(problems: readonly string[]): AwsServiceError {
  return new AwsServiceError('InvalidDefinition', `Invalid State Machine Definition: ${problems.join('; ')}.`);
}

function machineProblems(machine: Fields): string[] {
  if (machine.QueryLanguage !== undefined && machine.QueryLanguage !== 'JSONPath') {
    return [`QueryLanguage ${JSON.stringify(machine.QueryLanguage)}: the sandbox executes JSONPath only; write this machine in JSONPath`];
  }
  const problems = unknownFields(machine, TOP_LEVEL_FIELDS, 'the definition');
  const states = machine.States;
  if (!isJsonObject(states) || Object.keys(states).length === 0) return [...problems, 'States must be an object with at least one state'];
  const names = new Set(Object.keys(states));
  if (typeof machine.StartAt !== 'string' || !names.has(machine.StartAt)) {
    problems.push(`StartAt ${JSON.stringify(machine.StartAt)} must name one of the states (${[...names].join(', ')})`);
  }
  if (machine.TimeoutSeconds !== undefined && !isPositiveInteger(machine.TimeoutSeconds)) {
    problems.push(`TimeoutSeconds must be an integer >= 1, got ${JSON.stringify(machine.TimeoutSeconds)}`);
  }
  for (const [name, state] of Object.entries(states)) {
    const where = `state '${name}'`;
    if (!isJsonObject(state)) problems.push(`${where} must be an object`);
    else problems.push(...stateProblems(where, state, names));
  }
  return problems;
}

function stateProblems(where: string, state: Fields, names: ReadonlySet<string>): string[] {
  const type = state.Type;
  if (type === 'Map' || type === 'Parallel') {
    return [`${where} is a ${type} state, which the sandbox does not execute (Braid's machines use none); use Task, Pass, Wait and Choice states`];
  }
  const allowed = typeof type === 'string' ? FIELDS[type] : undefined;
  if (!allowed) return [`${where} has Type ${JSON.stringify(type)}; expected one of ${Object.keys(FIELDS).join(', ')}`];
  if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath') {
    return [`${where}: QueryLanguage ${JSON.stringify(state.QueryLanguage)} is not supported; the sandbox executes JSONPath only`];
  }
  const problems = unknownFields(state, [...allowed, 'QueryLanguage'], where);
  problems.push(...transitionProblems(where, state, names));
  for (const field of ['InputPath', 'OutputPath'] as const) {
    if (state[field] !== undefined && state[field] !== null) problems.push(...pathProblems(`${where} ${field}`, state[field]));
  }
  if (state.ResultPath !== undefined && state.ResultPath !== null) problems.push(...resultPathProblems(`${where} ResultPath`, state.ResultPath));
  for (const field of ['Parameters', 'ResultSelector'] as const) {
    if (state[field] !== undefined) problems.push(...payloadTemplateProblems(state[field], `${where} ${field}`));
  }
  switch (type) {
    case 'Task':
      problems.push(...taskProblems(where, state, names));
      break;
    case 'Wait':
      problems.push(...waitProblems(where, state));
      break;
    case 'Choice':
      problems.push(...choiceProblems(where, state, names));
      break;
    case 'Fail':
      problems.push(...failProblems(where, state));
      break;
    default:
      break;
  }
  return problems;
}

function transitionProblems(where: string, state: Fields, names: ReadonlySet<string>): string[] {
  if (state.Type === 'Choice' || state.Type === 'Succeed' || state.Type === 'Fail') return [];
  const hasNext = state.Next !== undefined;
  if (hasNext === (state.End === true)) return [`${where} needs exactly one of Next or "End": true`];
  if (state.End !== undefined && state.End !== true) return [`${where}: End must be true when given`];
  return hasNext ? targetProblems(`${where} Next`, state.Next, names) : [];
}

function targetProblems(where: string, target: unknown, names: ReadonlySet<string>): string[] {
  return typeof target === 'string' && names.has(target) ? [] : [`${where} ${JSON.stringify(target)} is not a state of this machine`];
}

function taskProblems(where: string, state: Fields, names: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (typeof state.Resource !== 'string' || state.Resource === '') problems.push(`${where} needs a Resource ARN`);
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds'] as const) {
    const path = `${field}Path` as const;
    if (state[field] !== undefined && state[path] !== undefined) problems.push(`${where} has both ${field} and ${path}; give one`);
    if (state[field] !== undefined && !isPositiveInteger(state[field]))
      problems.push(`${where} ${field} must be an integer >= 1, got ${JSON.stringify(state[field])}`);
    if (state[path] !== undefined) problems.push(...pathProblems(`${where} ${path}`, state[path]));
  }
  if (typeof state.TimeoutSeconds === 'number' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    problems.push(`${where} HeartbeatSeconds (${state.HeartbeatSeconds}) must be smaller than TimeoutSeconds (${state.TimeoutSeconds})`);
  }
  const { Retry: retriers, Catch: catchers } = state;
  if (retriers !== undefined) {
    if (!Array.isArray(retriers)) problems.push(`${where} Retry must be an array`);
    else retriers.forEach((retrier: unknown, index) => problems.push(...retrierProblems(`${where} Retry[${index}]`, retrier, index === retriers.length - 1)));
  }
  if (catchers !== undefined) {
    if (!Array.isArray(catchers)) problems.push(`${where} Catch must be an array`);
    else
      catchers.forEach((catcher: unknown, index) =>
        problems.push(...catcherProblems(`${where} Catch[${index}]`, catcher, index === catchers.length - 1, names)),
      );
  }
  return problems;
}

function errorEqualsProblems(where: string, errorEquals: unknown, last: boolean): string[] {
  if (!Array.isArray(errorEquals) || errorEquals.length === 0 || !errorEquals.every((name) => typeof name === 'string' && name !== '')) {
    return [`${where} ErrorEquals must be a non-empty array of error names`];
  }
  if (errorEquals.includes(STATES_ERRORS.all) && (errorEquals.length > 1 || !last)) {
    return [`${where}: ${STATES_ERRORS.all} must appear alone, in the last element`];
  }
  return [];
}

function retrierProblems(where: string, retrier: unknown, last: boolean): string[] {
  if (!isJsonObject(retrier)) return [`${where} must be an object`];
  const problems = [
    ...unknownFields(retrier, ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'], where),
    ...errorEqualsProblems(where, retrier.ErrorEquals, last),
  ];
  if (retrier.IntervalSeconds !== undefined && !isPositiveInteger(retrier.IntervalSeconds)) problems.push(`${where} IntervalSeconds must be an integer >= 1`);
  if (retrier.MaxDelaySeconds !== undefined && !isPositiveInteger(retrier.MaxDelaySeconds)) problems.push(`${where} MaxDelaySeconds must be an integer >= 1`);
  if (retrier.MaxAttempts !== undefined && !(Number.isInteger(retrier.MaxAttempts) && (retrier.MaxAttempts as number) >= 0)) {
    problems.push(`${where} MaxAttempts must be an integer >= 0`);
  }
  if (retrier.BackoffRate !== undefined && !(typeof retrier.BackoffRate === 'number' && retrier.BackoffRate >= 1))
    problems.push(`${where} BackoffRate must be a number >= 1`);
  if (retrier.JitterStrategy !== undefined && retrier.JitterStrategy !== 'FULL' && retrier.JitterStrategy !== 'NONE') {
    problems.push(`${where} JitterStrategy must be FULL or NONE, got ${JSON.stringify(retrier.JitterStrategy)}`);
  }
  return problems;
}

function catcherProblems(where: string, catcher: unknown, last: boolean, names: ReadonlySet<string>): string[] {
  if (!isJsonObject(catcher)) return [`${where} must be an object`];
  const problems = [
    ...unknownFields(catcher, ['ErrorEquals', 'Next', 'ResultPath', 'Comment'], where),
    ...errorEqualsProblems(where, catcher.ErrorEquals, last),
    ...targetProblems(`${where} Next`, catcher.Next, names),
  ];
  if (catcher.ResultPath !== undefined && catcher.ResultPath !== null) problems.push(...resultPathProblems(`${where} ResultPath`, catcher.ResultPath));
  return problems;
}

function waitProblems(where: string, state: Fields): string[] {
  const given = (['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'] as const).filter((field) => state[field] !== undefined);
  if (given.length !== 1) return [`${where} needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath, got ${given.length}`];
  const [field] = given;
  if (field === 'Seconds' && !(Number.isInteger(state.Seconds) && (state.Seconds as number) >= 0)) return [`${where} Seconds must be an integer >= 0`];
  if (field === 'Timestamp' && parseTimestampMs(state.Timestamp) === undefined) {
    return [`${where} Timestamp must be an RFC 3339 timestamp like 2026-01-01T00:00:00Z, got ${JSON.stringify(state.Timestamp)}`];
  }
  if (field === 'SecondsPath' || field === 'TimestampPath') return pathProblems(`${where} ${field}`, state[field]);
  return [];
}

function choiceProblems(where: string, state: Fields, names: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!Array.isArray(state.Choices) || state.Choices.length === 0) return [`${where} needs a non-empty Choices array`];
  state.Choices.forEach((rule: unknown, index) => {
    const at = `${where} Choices[${index}]`;
    problems.push(...ruleProblems(at, rule, true));
    if (isJsonObject(rule)) problems.push(...targetProblems(`${at} Next`, rule.Next, names));
  });
  if (state.Default !== undefined) problems.push(...targetProblems(`${where} Default`, state.Default, names));
  return problems;
}

function ruleProblems(where: string, rule: unknown, topLevel: boolean): string[] {
  if (!isJsonObject(rule)) return [`${where} must be an object`];
  if (!topLevel && rule.Next !== undefined) return [`${where}: a rule nested in And, Or or Not must not have Next`];
  const combinators = (['And', 'Or', 'Not'] as const).filter((field) => rule[field] !== undefined);
  const operators = comparisonOperatorsOf(rule as ChoiceRule);
  if (combinators.length + operators.length !== 1) {
    return [`${where} needs exactly one of And, Or, Not or a comparison operator (${Object.keys(COMPARISON_OPERATORS).join(', ')})`];
  }
  const [combinator] = combinators;
  if (combinator === 'Not') return [...unknownFields(rule, ['Not', 'Next', 'Comment'], where), ...ruleProblems(`${where} Not`, rule.Not, false)];
  if (combinator) {
    const inner = rule[combinator];
    if (!Array.isArray(inner) || inner.length === 0) return [`${where} ${combinator} must be a non-empty array of rules`];
    return [
      ...unknownFields(rule, [combinator, 'Next', 'Comment'], where),
      ...inner.flatMap((item, index) => ruleProblems(`${where} ${combinator}[${index}]`, item, false)),
    ];
  }
  const operator = operators[0]!;
  const problems = [...unknownFields(rule, ['Variable', operator, 'Next', 'Comment'], where), ...pathProblems(`${where} Variable`, rule.Variable)];
  const { kind, path } = COMPARISON_OPERATORS[operator]!;
  const operand = rule[operator];
  if (path) problems.push(...pathProblems(`${where} ${operator}`, operand));
  else if (!operandFits(kind, operand)) problems.push(`${where} ${operator} must be ${OPERAND_DESCRIPTIONS[kind]}, got ${JSON.stringify(operand)}`);
  return problems;
}

const OPERAND_DESCRIPTIONS = {
  string: 'a string',
  numeric: 'a number',
  boolean: 'a boolean',
  timestamp: 'an RFC 3339 timestamp',
  pattern: 'a string (with * wildcards)',
  test: 'a boolean',
} as const;

function operandFits(kind: keyof typeof OPERAND_DESCRIPTIONS, operand: unknown): boolean {
  switch (kind) {
    case 'string':
    case 'pattern':
      return typeof operand === 'string';
    case 'numeric':
      return typeof operand === 'number';
    case 'timestamp':
      return parseTimestampMs(operand) !== undefined;
    default:
      return typeof operand === 'boolean';
  }
}

function failProblems(where: string, state: Fields): string[] {
  const problems: string[] = [];
  for (const [field, path] of [
    ['Error', 'ErrorPath'],
    ['Cause', 'CausePath'],
  ] as const) {
    if (state[field] !== undefined && state[path] !== undefined) problems.push(`${where} has both ${field} and ${path}; give one`);
    if (state[field] !== undefined && typeof state[field] !== 'string') problems.push(`${where} ${field} must be a string`);
    const expression = state[path];
    if (expression === undefined) continue;
    if (typeof expression === 'string' && expression.startsWith('States.')) {
      try {
        parseIntrinsic(expression);
      } catch (error) {
        problems.push(`${where} ${path}: ${(error as Error).message}`);
      }
    } else problems.push(...pathProblems(`${where} ${path}`, expression));
  }
  return problems;
}

function pathProblems(where: string, path: unknown): string[] {
  if (typeof path !== 'string') return [`${where} must be a path string, got ${JSON.stringify(path)}`];
  try {
    parseReferencePath(path);
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

function resultPathProblems(where: string, path: unknown): string[] {
  if (typeof path === 'string' && path.startsWith('$$')) return [`${where} must not point into the context object ($$)`];
  return pathProblems(where, path);
}

function unknownFields(fields: Fields, allowed: readonly string[], where: string): string[] {
  const unknown = Object.keys(fields).filter((field) => !allowed.includes(field));
  return unknown.length === 0 ? [] : [`${where} has field(s) the sandbox does not support: ${unknown.join(', ')} (supported: ${allowed.join(', ')})`];
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1;
}
