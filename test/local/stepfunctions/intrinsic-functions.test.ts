import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../local/random.js';
import { evaluateIntrinsic, INTRINSIC_FUNCTION_NAMES, IntrinsicSyntaxError, parseIntrinsic } from '../../../local/stepfunctions/intrinsic-functions.js';
import type { Json } from '../../../local/stepfunctions/json.js';

const input = {
  name: 'checkout',
  version: 7,
  list: [1, 2, 2, { a: 1 }, { a: 1 }],
  csv: 'a,b,,c',
  json: '{"x":[1,true,null]}',
  object: { a: 1, b: { c: 2 } },
  other: { b: 3 },
  template: 'hello {}',
};
const context = { Execution: { Name: 'op-1' } };

function run(text: string, seed = 1): Json {
  const random = new SeededRandom(seed);
  return evaluateIntrinsic(parseIntrinsic(text), { input, context, random: () => random.next() });
}

describe('intrinsic functions', () => {
  const cases: [string, Json][] = [
    ["States.Format('{} v{} of {}', $.name, $.version, $$.Execution.Name)", 'checkout v7 of op-1'],
    ["States.Format('{} {} {}', true, null, 1.5)", 'true null 1.5'],
    ["States.Format('literal \\{\\} and \\'quotes\\' and \\\\ {}', 'x')", "literal {} and 'quotes' and \\ x"],
    ["States.Format($.template, 'world')", 'hello world'],
    ['States.StringToJson($.json)', { x: [1, true, null] }],
    ['States.JsonToString($.object)', '{"a":1,"b":{"c":2}}'],
    ["States.Array($.name, 1, 'two', States.Array())", ['checkout', 1, 'two', []]],
    ['States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)', [[1, 2], [3, 4], [5]]],
    ['States.ArrayContains($.list, $.object.b.c)', true],
    ['States.ArrayContains($.list, 9)', false],
    ['States.ArrayRange(10, 1, -3)', [10, 7, 4, 1]],
    ['States.ArrayRange(1, 0, 1)', []],
    ['States.ArrayGetItem($.list, 3)', { a: 1 }],
    ['States.ArrayLength($.list)', 5],
    ['States.ArrayUnique($.list)', [1, 2, { a: 1 }]],
    ["States.Base64Encode('Braid: é')", Buffer.from('Braid: é').toString('base64')],
    ["States.Base64Decode('QnJhaWQ=')", 'Braid'],
    ["States.Hash('abc', 'SHA-256')", createHash('sha256').update('abc').digest('hex')],
    ["States.Hash($.name, 'MD5')", createHash('md5').update('checkout').digest('hex')],
    ['States.JsonMerge($.object, $.other, false)', { a: 1, b: 3 }],
    ['States.MathAdd($.version, -10)', -3],
    ["States.StringSplit($.csv, ',')", ['a', 'b', 'c']],
    ["States.StringSplit('This.is+a,test=string', '.+,=')", ['This', 'is', 'a', 'test', 'string']],
    ["States.ArrayGetItem(States.StringSplit(States.Format('{}/{}', $.name, 'live'), '/'), 1)", 'live'],
  ];

  it.each(cases)('%s → %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('has cases for every function the sandbox knows (States.UUID and States.MathRandom below)', () => {
    const tested = new Set(cases.flatMap(([text]) => text.match(/States\.[A-Za-z0-9]+/g) ?? []));
    expect(INTRINSIC_FUNCTION_NAMES.filter((name) => !tested.has(name))).toEqual(['States.MathRandom', 'States.UUID']);
  });

  it('draws States.UUID from the execution seed: version 4, the same for the same seed', () => {
    const uuid = run('States.UUID()', 5);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()', 5)).toBe(uuid);
    expect(run('States.UUID()', 6)).not.toBe(uuid);
  });

  it('draws States.MathRandom from [start, end): from the execution seed, or from its own seed argument', () => {
    const draws = Array.from({ length: 200 }, (_, seed) => run('States.MathRandom(1, 4)', seed) as number);
    expect(new Set(draws)).toEqual(new Set([1, 2, 3]));
    expect(run('States.MathRandom(1, 1000)', 9)).toBe(run('States.MathRandom(1, 1000)', 9));
    expect(run('States.MathRandom(1, 1000, 77)', 1)).toBe(run('States.MathRandom(1, 1000, 77)', 2));
  });

  it.each([
    "States.Format('{} {}', 'one')",
    "States.Format('{}', 'one', 'two')",
    'States.Format($.name, $.object)',
    "States.StringToJson('not json')",
    'States.ArrayPartition($.list, 0)',
    'States.ArrayRange(1, 2000, 1)',
    'States.ArrayRange(1, 5, 0)',
    'States.ArrayGetItem($.list, 5)',
    'States.ArrayLength($.name)',
    "States.Base64Decode('not base64!')",
    "States.Hash('abc', 'SHA-3')",
    'States.JsonMerge($.object, $.other, true)',
    'States.MathAdd(1.5, 1)',
    'States.MathAdd(2147483647, 1)',
    'States.MathRandom(5, 5)',
    "States.StringSplit($.version, ',')",
  ])('fails %s with States.IntrinsicFailure', (text) => {
    expect(() => run(text)).toThrow(expect.objectContaining({ name: 'States.IntrinsicFailure' }));
  });

  it('fails with States.Runtime when an argument path points to nothing', () => {
    expect(() => run('States.ArrayLength($.missing)')).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
  });
});

describe('parseIntrinsic', () => {
  it('keeps the raw text of string literals for States.Format', () => {
    expect(parseIntrinsic("States.Format('a\\{b', 1)").args[0]).toEqual({ kind: 'literal', value: 'a{b', raw: 'a\\{b' });
  });

  it('reads paths with brackets, quotes and commas inside, and spaces around arguments', () => {
    expect(parseIntrinsic("States.Array( $['a,b'] , $.c[0] )").args.map((arg) => (arg.kind === 'path' ? arg.path.text : arg.kind))).toEqual([
      "$['a,b']",
      '$.c[0]',
    ]);
  });

  it.each([
    ['States.Nope(1)', 'unknown function States.Nope'],
    ['States.ArrayLength()', 'takes 1 argument(s), got 0'],
    ['States.UUID(1)', 'takes 0 argument(s), got 1'],
    ["States.Format('open", 'not closed'],
    ['States.Array(1) extra', "unexpected 'extra' after the call"],
    ['States.Array($.a[*])', 'not a reference path'],
    ['States.Array(undefined)', 'expected an argument'],
    [`${'States.Array('.repeat(11)}${')'.repeat(11)}`, 'more than 10 nested functions'],
  ])('refuses %s', (text, reason) => {
    expect(() => parseIntrinsic(text)).toThrow(IntrinsicSyntaxError);
    expect(() => parseIntrinsic(text)).toThrow(reason);
  });
});
