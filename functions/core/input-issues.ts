import { safeParse, type core } from 'zod/mini';
import englishLocale from 'zod/v4/locales/en.js';
import type { InputIssue } from './errors.js';

/** Options of {@link parseInput} and {@link toInputIssues}. */
export interface InputIssueOptions {
  /**
   * Where the validated value sits in a larger input, e.g. `['detail']`: every issue's path starts
   * with it.
   *
   * @default - the value is the whole input
   */
  readonly prefix?: readonly PropertyKey[];
  /**
   * Said after "is not a known field; remove or rename it", e.g. where the fields are documented.
   *
   * @default - nothing
   */
  readonly unknownFieldHint?: string;
}

/** The outcome of {@link parseInput}: the parsed value, or every problem found as Braid's issues. */
export type ParsedInput<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: InputIssue[] };

/**
 * Validates `input` against a zod schema and words every problem as Braid's {@link InputIssue}s:
 * paths such as `detail.state.timestamp` or `resources[3]`, wrong types said in Braid's terms
 * (`must be a string, got a number`), one issue per unknown field. Messages a schema sets itself
 * are kept as they are.
 */
export function parseInput<S extends core.$ZodType>(schema: S, input: unknown, options: InputIssueOptions = {}): ParsedInput<core.output<S>> {
  const result = safeParse(schema, input, { error: issueMessage });
  return result.success ? { success: true, data: result.data } : { success: false, issues: toInputIssues(result.error.issues, options) };
}

/** The converter behind {@link parseInput}: zod's issues (already worded) as Braid's, in order. */
export function toInputIssues(issues: readonly core.$ZodIssue[], options: InputIssueOptions = {}): InputIssue[] {
  const prefix = options.prefix ?? [];
  const unknownField = `is not a known field; remove or rename it${options.unknownFieldHint ? ` ${options.unknownFieldHint}` : ''}`;
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatIssuePath([...prefix, ...issue.path, key]), message: unknownField }))
      : [{ path: formatIssuePath([...prefix, ...issue.path]), message: issue.message || 'is not valid' }],
  );
}

/** A path as Braid writes it: `targets[0].strategy.steps[1].weight`; the empty path is `''`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

const englishMessage = englishLocale().localeError;

/**
 * Braid's wording of zod's issues, for messages a schema does not set itself. zod's English
 * for a wrong type ("Invalid input: expected string, received number") does not say what was
 * given in Braid's terms; the rest reads well and is kept.
 */
const issueMessage: core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return englishMessage(issue);
  const expected = EXPECTED[issue.expected] ?? article(issue.expected);
  if (issue.input === undefined) return issue.expected === 'nonoptional' ? 'is missing' : `is missing (expected ${expected})`;
  return `must be ${expected}, got ${describeGiven(issue.input, issue.expected)}`;
};

/** zod's type names that do not read as English. */
const EXPECTED: Readonly<Record<string, string>> = { int: 'a whole number', record: 'an object' };

function describeGiven(value: unknown, expected: string): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // The value says more than its kind where the kind is right and the value is not (1.5, NaN).
  if (typeof value === 'number' && (expected === 'int' || !Number.isFinite(value))) return String(value);
  if (typeof value === 'string') return value.trim().startsWith('{') ? 'a string (parse the JSON first)' : 'a string';
  return typeof value === 'object' ? 'an object' : article(typeof value);
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
