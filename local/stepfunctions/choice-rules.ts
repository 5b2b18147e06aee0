import type { ChoiceRule } from './asl-types.js';
import type { Json } from './json.js';
import type { PathLookup } from './reference-path.js';
import { statesRuntime } from './states-error.js';
import { parseTimestampMs } from './timestamp.js';

/** What a comparison operator compares: its operand's type, or a type test. */
export type OperandKind = 'string' | 'numeric' | 'boolean' | 'timestamp' | 'pattern' | 'test';

type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

interface Operator {
  readonly kind: OperandKind;
  readonly relation?: Relation;
  /** The operand is a reference path (`…Path` operators). */
  readonly path: boolean;
}

const RELATIONS: readonly Relation[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];

/** Every comparison operator of a Choice rule, with what its operand must be. */
export const COMPARISON_OPERATORS: Readonly<Record<string, Operator>> = Object.fromEntries([
  ...(['String', 'Numeric', 'Timestamp'] as const).flatMap((type) =>
    RELATIONS.flatMap((relation) => {
      const kind: OperandKind = type === 'String' ? 'string' : type === 'Numeric' ? 'numeric' : 'timestamp';
      return [
        [`${type}${relation}`, { kind, relation, path: false }],
        [`${type}${relation}Path`, { kind, relation, path: true }],
      ];
    }),
  ),
  ['BooleanEquals', { kind: 'boolean', relation: 'Equals', path: false }],
  ['BooleanEqualsPath', { kind: 'boolean', relation: 'Equals', path: true }],
  ['StringMatches', { kind: 'pattern', path: false }],
  ...['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'].map((name) => [name, { kind: 'test', path: false }]),
]);

/** The comparison operators a rule uses (a valid rule has exactly one). */
export function comparisonOperatorsOf(rule: ChoiceRule): string[] {
  return Object.keys(rule).filter((key) => key in COMPARISON_OPERATORS);
}

/** Reads a reference path (`$…` from the state's effective input, `$$…` from the context object). */
export type PathReader = (path: string) => PathLookup;

/**
 * Evaluates a Choice rule, as AWS does: a value of the wrong type for the operator does not
 * match (it is no error); a `Variable` or `…Path` operand that points to nothing is
 * `States.Runtime`, except for `IsPresent`.
 */
export function evaluateChoiceRule(rule: ChoiceRule, read: PathReader): boolean {
  if (rule.And) return rule.And.every((inner) => evaluateChoiceRule(inner, read));
  if (rule.Or) return rule.Or.some((inner) => evaluateChoiceRule(inner, read));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, read);
  const name = comparisonOperatorsOf(rule)[0]!;
  const operator = COMPARISON_OPERATORS[name]!;
  const variable = read(rule.Variable!);
  if (name === 'IsPresent') return variable.found === rule.IsPresent;
  if (!variable.found) throw statesRuntime(`Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`);
  const value = variable.value;
  if (operator.kind === 'test') return typeTest(name, value) === rule[name];
  let operand = rule[name] as Json;
  if (operator.path) {
    const lookup = read(operand as string);
    if (!lookup.found) throw statesRuntime(`Invalid path '${String(operand)}': The choice state's condition path references an invalid value.`);
    operand = lookup.value;
  }
  if (operator.kind === 'pattern') return typeof value === 'string' && wildcardPattern(operand as string).test(value);
  const order = compare(operator.kind, value, operand);
  return order !== undefined && holds(operator.relation!, order);
}

function typeTest(name: string, value: Json): boolean {
  switch (name) {
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    default:
      return parseTimestampMs(value) !== undefined;
  }
}

/** -1, 0 or 1; undefined when either side is not of the operator's type. */
function compare(kind: OperandKind, value: Json, operand: Json): number | undefined {
  if (kind === 'string')
    return typeof value === 'string' && typeof operand === 'string' ? Math.sign(value < operand ? -1 : value > operand ? 1 : 0) : undefined;
  if (kind === 'numeric') return typeof value === 'number' && typeof operand === 'number' ? Math.sign(value - operand) : undefined;
  if (kind === 'boolean') return typeof value === 'boolean' && typeof operand === 'boolean' ? (value === operand ? 0 : 1) : undefined;
  const left = parseTimestampMs(value);
  const right = parseTimestampMs(operand);
  return left === undefined || right === undefined ? undefined : Math.sign(left - right);
}

function holds(relation: Relation, order: number): boolean {
  switch (relation) {
    case 'Equals':
      return order === 0;
    case 'LessThan':
      return order < 0;
    case 'GreaterThan':
      return order > 0;
    case 'LessThanEquals':
      return order <= 0;
    case 'GreaterThanEquals':
      return order >= 0;
  }
}

const patterns = new Map<string, RegExp>();

/** StringMatches: `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcardPattern(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (char === '*') source += '[\\s\\S]*';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  regex = new RegExp(`^${source}$`, 'u');
  patterns.set(pattern, regex);
  return regex;
}
