import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { formatIssuePath, parseInput, toInputIssues } from '../../../functions/core/input-issues.js';

const target = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(3)),
  version: z.string().check(z.regex(/^[1-9][0-9]*$/, 'must be a published version number such as "2"')),
  weight: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  steps: z.optional(z.array(z.strictObject({ bakeSeconds: z.number() }))),
  versions: z.optional(z.record(z.string(), z.strictObject({ errorRate: z.number() }))),
  mode: z.optional(z.enum(['pause', 'rollback'])),
});

function issuesOf(input: unknown, options?: Parameters<typeof parseInput>[2]) {
  const result = parseInput(target, input, options);
  if (result.success) throw new Error('input was accepted');
  return result.issues;
}

describe('parseInput', () => {
  it('returns the parsed value when the input is valid', () => {
    expect(parseInput(target, { name: 'a', version: '2', steps: [{ bakeSeconds: 60 }] })).toEqual({
      success: true,
      data: { name: 'a', version: '2', steps: [{ bakeSeconds: 60 }] },
    });
  });

  it('says what is missing and what the wrong type was, in Braid terms', () => {
    expect(issuesOf({ version: 2, steps: [{ bakeSeconds: '60' }, null], versions: { 1: [] } })).toEqual([
      { path: 'name', message: 'is missing (expected a string)' },
      { path: 'version', message: 'must be a string, got a number' },
      { path: 'steps[0].bakeSeconds', message: 'must be a number, got a string' },
      { path: 'steps[1]', message: 'must be an object, got null' },
      { path: 'versions.1', message: 'must be an object, got an array' },
    ]);
  });

  it('says a whole number is expected and shows the value that is not one', () => {
    expect(issuesOf({ name: 'a', version: '2', weight: 1.5 })).toEqual([{ path: 'weight', message: 'must be a whole number, got 1.5' }]);
    expect(issuesOf({ name: 'a', version: '2', steps: [{ bakeSeconds: Number.NaN }] })).toEqual([
      { path: 'steps[0].bakeSeconds', message: 'must be a number, got NaN' },
    ]);
  });

  it('names the whole input by the empty path and hints that JSON text must be parsed first', () => {
    expect(issuesOf(undefined)).toEqual([{ path: '', message: 'is missing (expected an object)' }]);
    expect(issuesOf('{"name":"a"}')).toEqual([{ path: '', message: 'must be an object, got a string (parse the JSON first)' }]);
    expect(issuesOf(['a'])).toEqual([{ path: '', message: 'must be an object, got an array' }]);
  });

  it('names every unknown field on its own path, with the hint the caller gives', () => {
    expect(issuesOf({ name: 'a', version: '2', colour: 'blue', steps: [{ bakeSeconds: 1, bake: 2 }] }, { unknownFieldHint: '(see docs/x.md)' })).toEqual([
      { path: 'steps[0].bake', message: 'is not a known field; remove or rename it (see docs/x.md)' },
      { path: 'colour', message: 'is not a known field; remove or rename it (see docs/x.md)' },
    ]);
    expect(issuesOf({ name: 'a', version: '2', x: 1, y: 2 })).toEqual([
      { path: 'x', message: 'is not a known field; remove or rename it' },
      { path: 'y', message: 'is not a known field; remove or rename it' },
    ]);
  });

  it("keeps the schema's own messages and zod's English for the rest", () => {
    expect(issuesOf({ name: 'abcd', version: '0', weight: 101, mode: 'stop' })).toEqual([
      { path: 'name', message: 'Too big: expected string to have <=3 characters' },
      { path: 'version', message: 'must be a published version number such as "2"' },
      { path: 'weight', message: 'Too big: expected number to be <=100' },
      { path: 'mode', message: 'Invalid option: expected one of "pause"|"rollback"' },
    ]);
  });

  it('starts every path with the prefix of the validated part', () => {
    expect(issuesOf({ name: '', version: '2' }, { prefix: ['detail', 'targets', 0] })).toEqual([
      { path: 'detail.targets[0].name', message: 'Too small: expected string to have >=1 characters' },
    ]);
  });

  it('words issues the same whatever locale zod is configured with globally', () => {
    z.config(z.locales.de());
    try {
      expect(issuesOf({ name: 'abcd', version: 2 })).toEqual([
        { path: 'name', message: 'Too big: expected string to have <=3 characters' },
        { path: 'version', message: 'must be a string, got a number' },
      ]);
    } finally {
      z.config({ localeError: undefined });
    }
  });

  it('never throws and gives every issue a path and a message, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }), (input) => {
        const result = parseInput(target, input);
        return result.success || (result.issues.length > 0 && result.issues.every((issue) => typeof issue.path === 'string' && issue.message.length > 0));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('toInputIssues', () => {
  const key = fc.oneof(fc.string(), fc.nat(), fc.constantFrom('__proto__', 'constructor', ''));
  const issue = fc.record({
    code: fc.constantFrom('invalid_type', 'too_big', 'unrecognized_keys', 'custom', 'invalid_union'),
    path: fc.array(key, { maxLength: 6 }),
    message: fc.string(),
    keys: fc.array(fc.string(), { maxLength: 4 }),
  });

  it('never throws and gives every issue a path and a non-empty message', () => {
    fc.assert(
      fc.property(fc.array(issue, { maxLength: 8 }), fc.array(key, { maxLength: 3 }), (issues, prefix) => {
        const converted = toInputIssues(issues as unknown as Parameters<typeof toInputIssues>[0], { prefix });
        return converted.every((converted) => typeof converted.path === 'string' && converted.message.length > 0);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], ''],
    [['detail', 'state', 'timestamp'], 'detail.state.timestamp'],
    [['resources', 3], 'resources[3]'],
    [[0, 'name'], '[0].name'],
    [['targets', 0, 'versions', '1', 'errorRate'], 'targets[0].versions.1.errorRate'],
  ] as const)('writes %j as %j', (path, text) => {
    expect(formatIssuePath(path)).toBe(text);
  });
});
