import { AwsServiceError } from '../http/service.js';

/** An EventBridge event pattern (a JSON object whose leaves are lists of matchers). */
export type EventPattern = { readonly [key: string]: unknown };

/** EventBridge's error for a malformed event pattern. */
export class InvalidEventPatternException extends AwsServiceError {
  constructor(message: string) {
    super('InvalidEventPatternException', `Event pattern is not valid. ${message}`);
  }
}

const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard'] as const;
const LOWER_BOUNDS = ['>', '>='];
const UPPER_BOUNDS = ['<', '<='];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function fail(path: string, message: string): never {
  throw new InvalidEventPatternException(`At ${path || 'the top level'}: ${message}`);
}

/** `"x"` or `{"equals-ignore-case": "x"}`: the argument of prefix and suffix. */
function validateAffix(value: unknown, path: string): void {
  if (typeof value === 'string') return;
  if (isRecord(value) && Object.keys(value).length === 1 && typeof value['equals-ignore-case'] === 'string') return;
  fail(path, `expected a string or {"equals-ignore-case": string}, got ${JSON.stringify(value)}.`);
}

function validateAnythingBut(value: unknown, path: string): void {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return;
  if (Array.isArray(value)) {
    const allStrings = value.every((v) => typeof v === 'string');
    const allNumbers = value.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (value.length > 0 && (allStrings || allNumbers)) return;
    fail(path, 'anything-but takes a non-empty list of only strings or only numbers.');
  }
  if (isRecord(value) && Object.keys(value).length === 1) {
    const [op, arg] = Object.entries(value)[0]!;
    if ((op === 'prefix' || op === 'suffix' || op === 'wildcard') && typeof arg === 'string') return;
    if (op === 'equals-ignore-case' && (typeof arg === 'string' || (Array.isArray(arg) && arg.length > 0 && arg.every((v) => typeof v === 'string')))) return;
  }
  fail(path, `anything-but takes a string, a number, a list, or one of {prefix|suffix|wildcard|equals-ignore-case}, got ${JSON.stringify(value)}.`);
}

function validateNumeric(value: unknown, path: string): void {
  const shape = 'numeric takes ["=", n], [op, n] or [">"|">=", low, "<"|"<=", high]';
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 4)) fail(path, `${shape}, got ${JSON.stringify(value)}.`);
  for (let i = 0; i < value.length; i += 2) {
    if (typeof value[i + 1] !== 'number' || !Number.isFinite(value[i + 1])) fail(path, `${shape}; ${JSON.stringify(value[i + 1])} is not a number.`);
  }
  const [op1, , op2] = value as [string, number, string?, number?];
  if (value.length === 2) {
    if (!['=', ...LOWER_BOUNDS, ...UPPER_BOUNDS].includes(op1)) fail(path, `${shape}; unknown operator ${JSON.stringify(op1)}.`);
    return;
  }
  if (!LOWER_BOUNDS.includes(op1) || !UPPER_BOUNDS.includes(op2!)) fail(path, `${shape}; a range needs a lower bound then an upper bound.`);
  if ((value[1] as number) > (value[3] as number)) fail(path, `the range ${JSON.stringify(value)} is empty: the lower bound is above the upper bound.`);
}

function validateMatcher(matcher: unknown, path: string): void {
  if (isScalar(matcher)) return;
  if (!isRecord(matcher)) fail(path, `expected a string, number, boolean, null or an operator object, got ${JSON.stringify(matcher)}.`);
  const keys = Object.keys(matcher);
  if (keys.length !== 1 || !(OPERATORS as readonly string[]).includes(keys[0]!)) {
    fail(path, `an operator object has exactly one of ${OPERATORS.join(', ')}; got keys ${JSON.stringify(keys)}.`);
  }
  const op = keys[0]!;
  const arg = matcher[op];
  const at = `${path}.${op}`;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return validateAffix(arg, at);
    case 'anything-but':
      return validateAnythingBut(arg, at);
    case 'numeric':
      return validateNumeric(arg, at);
    case 'exists':
      if (typeof arg !== 'boolean') fail(at, `exists takes true or false, got ${JSON.stringify(arg)}.`);
      return;
    default:
      if (typeof arg !== 'string') fail(at, `${op} takes a string, got ${JSON.stringify(arg)}.`);
  }
}

function validateObject(pattern: unknown, path: string): void {
  if (!isRecord(pattern)) fail(path, `expected a JSON object, got ${JSON.stringify(pattern)}.`);
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'an empty object matches nothing useful; give at least one field.');
  for (const [key, value] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) fail(at, '$or takes a list of at least two patterns.');
      value.forEach((option, i) => validateObject(option, `${at}[${i}]`));
    } else if (Array.isArray(value)) {
      if (value.length === 0) fail(at, 'a list of matchers must not be empty.');
      value.forEach((matcher, i) => validateMatcher(matcher, `${at}[${i}]`));
    } else if (isRecord(value)) {
      validateObject(value, at);
    } else {
      fail(at, `a field's matchers go in a list, e.g. [${JSON.stringify(value)}].`);
    }
  }
}

/** Throws `InvalidEventPatternException` unless `pattern` is a well-formed event pattern. */
export function validateEventPattern(pattern: unknown): asserts pattern is EventPattern {
  validateObject(pattern, '');
}

/** Parses and validates a pattern given as JSON text (PutRule's `EventPattern`). */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidEventPatternException(`It is not JSON: ${JSON.stringify(text.slice(0, 200))}.`);
  }
  validateEventPattern(parsed);
  return parsed;
}

function affixMatches(arg: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (typeof arg === 'string') return test(value, arg);
  const folded = (arg as Record<string, string>)['equals-ignore-case']!;
  return test(value.toLowerCase(), folded.toLowerCase());
}

function wildcardMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return regex.test(value);
}

function numericMatches(conditions: readonly unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const bound = conditions[i + 1] as number;
    const ok = { '=': value === bound, '<': value < bound, '<=': value <= bound, '>': value > bound, '>=': value >= bound }[conditions[i] as string];
    if (!ok) return false;
  }
  return true;
}

function anythingButMatches(arg: unknown, value: Json): boolean {
  if (isRecord(arg)) {
    if (typeof value !== 'string') return false;
    const [op, inner] = Object.entries(arg)[0]!;
    if (op === 'prefix') return !value.startsWith(inner as string);
    if (op === 'suffix') return !value.endsWith(inner as string);
    if (op === 'wildcard') return !wildcardMatches(inner as string, value);
    const excluded = (Array.isArray(inner) ? inner : [inner]) as string[];
    return !excluded.some((s) => s.toLowerCase() === value.toLowerCase());
  }
  const excluded = Array.isArray(arg) ? arg : [arg];
  return !excluded.some((s) => s === value);
}

/** One matcher against one (scalar) value of the event. */
function matcherMatches(matcher: unknown, value: Json): boolean {
  if (!isRecord(matcher)) return matcher === value;
  const [op, arg] = Object.entries(matcher)[0]!;
  switch (op) {
    case 'prefix':
      return typeof value === 'string' && affixMatches(arg, value, (v, a) => v.startsWith(a));
    case 'suffix':
      return typeof value === 'string' && affixMatches(arg, value, (v, a) => v.endsWith(a));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (arg as string).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardMatches(arg as string, value);
    case 'numeric':
      return typeof value === 'number' && numericMatches(arg as unknown[], value);
    case 'anything-but':
      return anythingButMatches(arg, value);
    default:
      return false;
  }
}

/** A field's list of matchers: any matcher matching any of the field's values is enough. */
function leafMatches(matchers: readonly unknown[], present: boolean, field: unknown): boolean {
  const values = (!present ? [] : Array.isArray(field) ? field : [field]) as Json[];
  // `exists` is about leaves: an object-valued field, or an empty list, does not "exist" as a value.
  const leafPresent = values.length > 0 && values.some((v) => !isRecord(v));
  return matchers.some((matcher) =>
    isRecord(matcher) && 'exists' in matcher ? matcher.exists === leafPresent : values.some((v) => !isRecord(v) && matcherMatches(matcher, v)),
  );
}

function objectMatches(pattern: Readonly<Record<string, unknown>>, node: unknown): boolean {
  const record = isRecord(node) ? node : {};
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as Array<Record<string, unknown>>).some((option) => objectMatches(option, node));
    const present = Object.prototype.hasOwnProperty.call(record, key);
    const field = record[key];
    if (Array.isArray(sub)) return leafMatches(sub, present, field);
    // A nested pattern against a list of objects matches when any element matches.
    if (Array.isArray(field)) return field.some((element) => objectMatches(sub as Record<string, unknown>, element));
    return objectMatches(sub as Record<string, unknown>, field);
  });
}

/**
 * True when `event` matches `pattern` as EventBridge matches: every field of the pattern must
 * match; a field's list matches when any matcher matches (any element, for list-valued fields);
 * supports exact values, prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric,
 * exists and $or. The pattern must be valid (see `validateEventPattern`).
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return objectMatches(pattern, event);
}
