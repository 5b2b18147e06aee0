import { describe, expect, it } from 'vitest';
import { parseReferencePath, PathSyntaxError, readPath, writePath } from '../../../local/stepfunctions/reference-path.js';

describe('parseReferencePath', () => {
  it.each([
    ['$', false, []],
    ['$.a.b', false, ['a', 'b']],
    ["$['a b'].c", false, ['a b', 'c']],
    ['$["quoted \\" name"]', false, ['quoted " name']],
    ["$['it\\'s']", false, ["it's"]],
    ['$.list[0].id', false, ['list', 0, 'id']],
    ['$.kebab-case_name', false, ['kebab-case_name']],
    ['$$', true, []],
    ['$$.Execution.Id', true, ['Execution', 'Id']],
  ])('parses %s', (text, context, segments) => {
    expect(parseReferencePath(text)).toEqual({ text, context, segments });
  });

  it.each(['a.b', '$.', '$..a', '$.a[*]', '$.a[-1]', '$.a[0:2]', '$.a[?(@.b)]', '$.a b', "$['open"])('refuses %s, which is not a reference path', (text) => {
    expect(() => parseReferencePath(text)).toThrow(PathSyntaxError);
  });
});

describe('readPath', () => {
  const data = { a: { b: [10, { c: null }] }, 'x y': false };

  it.each([
    ['$', data],
    ['$.a.b[0]', 10],
    ['$.a.b[1].c', null],
    ["$['x y']", false],
  ])('reads %s', (text, value) => {
    expect(readPath(parseReferencePath(text), data)).toEqual({ found: true, value });
  });

  it.each(['$.missing', '$.a.b[2]', '$.a.b.c', '$.a[0]', "$['x y'].z", '$.toString'])('finds nothing at %s', (text) => {
    expect(readPath(parseReferencePath(text), data)).toEqual({ found: false });
  });
});

describe('writePath (ResultPath)', () => {
  it('replaces the input at $ and places the value elsewhere, creating objects on the way, without changing the input', () => {
    const input = { keep: 1, nested: { old: true } };
    expect(writePath(parseReferencePath('$'), input, 'result')).toBe('result');
    expect(writePath(parseReferencePath('$.nested.result'), input, 7)).toEqual({ keep: 1, nested: { old: true, result: 7 } });
    expect(writePath(parseReferencePath('$.a.b.c'), input, [1])).toEqual({ keep: 1, nested: { old: true }, a: { b: { c: [1] } } });
    expect(input).toEqual({ keep: 1, nested: { old: true } });
  });

  it('writes into an existing array element', () => {
    expect(writePath(parseReferencePath('$.list[1]'), { list: [0, 1, 2] }, 'x')).toEqual({ list: [0, 'x', 2] });
  });

  it('fails with States.ResultPathMatchFailure through a value that is not an object', () => {
    expect(() => writePath(parseReferencePath('$.a'), 'text', 1)).toThrow(expect.objectContaining({ name: 'States.ResultPathMatchFailure' }));
    expect(() => writePath(parseReferencePath('$.a.b'), { a: 3 }, 1)).toThrow(expect.objectContaining({ name: 'States.ResultPathMatchFailure' }));
    expect(() => writePath(parseReferencePath('$.list[5]'), { list: [] }, 1)).toThrow(expect.objectContaining({ name: 'States.ResultPathMatchFailure' }));
  });
});
