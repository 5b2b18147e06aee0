import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../local/stepfunctions/asl-types.js';
import { COMPARISON_OPERATORS, evaluateChoiceRule } from '../../../local/stepfunctions/choice-rules.js';
import type { Json } from '../../../local/stepfunctions/json.js';
import { lookupPath } from '../../../local/stepfunctions/state-data.js';

const input = {
  name: 'checkout',
  count: 5,
  ratio: 0.5,
  on: true,
  nothing: null,
  at: '2026-01-01T10:00:00Z',
  atOffset: '2026-01-01T11:00:00+01:00',
  other: { name: 'cart', count: 5, on: false, at: '2026-01-01T09:00:00.500Z', pattern: 'check*' },
};
const context = { Execution: { Name: 'op-1' } };
const evaluate = (rule: ChoiceRule, data: Json = input) => evaluateChoiceRule(rule, (path) => lookupPath(path, data, context));

describe('comparison operators', () => {
  const cases: [ChoiceRule, boolean][] = [
    [{ Variable: '$.name', StringEquals: 'checkout' }, true],
    [{ Variable: '$.name', StringEquals: 'cart' }, false],
    [{ Variable: '$.name', StringLessThan: 'd' }, true],
    [{ Variable: '$.name', StringGreaterThan: 'd' }, false],
    [{ Variable: '$.name', StringLessThanEquals: 'checkout' }, true],
    [{ Variable: '$.name', StringGreaterThanEquals: 'checkouts' }, false],
    [{ Variable: '$.name', StringEqualsPath: '$.other.name' }, false],
    [{ Variable: '$.name', StringLessThanPath: '$.other.name' }, false],
    [{ Variable: '$.name', StringGreaterThanPath: '$.other.name' }, true],
    [{ Variable: '$.name', StringLessThanEqualsPath: '$.name' }, true],
    [{ Variable: '$.name', StringGreaterThanEqualsPath: '$.other.name' }, true],
    [{ Variable: '$.count', NumericEquals: 5 }, true],
    [{ Variable: '$.ratio', NumericEquals: 0.5 }, true],
    [{ Variable: '$.count', NumericLessThan: 5 }, false],
    [{ Variable: '$.count', NumericGreaterThan: 4.5 }, true],
    [{ Variable: '$.count', NumericLessThanEquals: 5 }, true],
    [{ Variable: '$.count', NumericGreaterThanEquals: 6 }, false],
    [{ Variable: '$.count', NumericEqualsPath: '$.other.count' }, true],
    [{ Variable: '$.ratio', NumericLessThanPath: '$.count' }, true],
    [{ Variable: '$.ratio', NumericGreaterThanPath: '$.count' }, false],
    [{ Variable: '$.count', NumericLessThanEqualsPath: '$.other.count' }, true],
    [{ Variable: '$.count', NumericGreaterThanEqualsPath: '$.ratio' }, true],
    [{ Variable: '$.on', BooleanEquals: true }, true],
    [{ Variable: '$.on', BooleanEqualsPath: '$.other.on' }, false],
    [{ Variable: '$.at', TimestampEquals: '2026-01-01T10:00:00Z' }, true],
    [{ Variable: '$.at', TimestampEqualsPath: '$.atOffset' }, true],
    [{ Variable: '$.at', TimestampLessThan: '2026-01-01T10:00:00.001Z' }, true],
    [{ Variable: '$.at', TimestampGreaterThan: '2026-01-01T10:00:00Z' }, false],
    [{ Variable: '$.at', TimestampLessThanEquals: '2026-01-01T10:00:00Z' }, true],
    [{ Variable: '$.at', TimestampGreaterThanEquals: '2026-01-01T10:00:01Z' }, false],
    [{ Variable: '$.at', TimestampLessThanPath: '$.other.at' }, false],
    [{ Variable: '$.at', TimestampGreaterThanPath: '$.other.at' }, true],
    [{ Variable: '$.other.at', TimestampLessThanEqualsPath: '$.at' }, true],
    [{ Variable: '$.other.at', TimestampGreaterThanEqualsPath: '$.at' }, false],
    [{ Variable: '$.name', StringMatches: 'check*' }, true],
    [{ Variable: '$.name', StringMatches: '*out' }, true],
    [{ Variable: '$.name', StringMatches: 'c*k*t' }, true],
    [{ Variable: '$.name', StringMatches: 'cart*' }, false],
    [{ Variable: '$.other.pattern', StringMatches: 'check\\*' }, true],
    [{ Variable: '$.name', StringMatches: 'check\\*' }, false],
    [{ Variable: '$.nothing', IsNull: true }, true],
    [{ Variable: '$.name', IsNull: true }, false],
    [{ Variable: '$.name', IsNull: false }, true],
    [{ Variable: '$.name', IsPresent: true }, true],
    [{ Variable: '$.missing', IsPresent: true }, false],
    [{ Variable: '$.missing', IsPresent: false }, true],
    [{ Variable: '$.count', IsNumeric: true }, true],
    [{ Variable: '$.name', IsNumeric: false }, true],
    [{ Variable: '$.name', IsString: true }, true],
    [{ Variable: '$.count', IsString: true }, false],
    [{ Variable: '$.on', IsBoolean: true }, true],
    [{ Variable: '$.nothing', IsBoolean: false }, true],
    [{ Variable: '$.at', IsTimestamp: true }, true],
    [{ Variable: '$.name', IsTimestamp: true }, false],
    [{ Variable: '$$.Execution.Name', StringEquals: 'op-1' }, true],
  ];

  it.each(cases)('%j → %s', (rule, expected) => {
    expect(evaluate(rule)).toBe(expected);
  });

  it('has cases for every operator the sandbox knows', () => {
    const tested = new Set(cases.flatMap(([rule]) => Object.keys(rule)));
    expect(Object.keys(COMPARISON_OPERATORS).filter((operator) => !tested.has(operator))).toEqual([]);
    expect(Object.keys(COMPARISON_OPERATORS)).toHaveLength(39);
  });

  it.each<ChoiceRule>([
    { Variable: '$.count', StringEquals: '5' },
    { Variable: '$.name', NumericEquals: 5 },
    { Variable: '$.name', NumericLessThan: 5 },
    { Variable: '$.name', BooleanEquals: true },
    { Variable: '$.name', TimestampLessThan: '2026-01-01T10:00:00Z' },
    { Variable: '$.count', StringMatches: '*' },
    { Variable: '$.name', NumericEqualsPath: '$.name' },
  ])('treats a value of the wrong type as no match: %j', (rule) => {
    expect(evaluate(rule)).toBe(false);
  });

  it('fails with States.Runtime when the Variable or a …Path operand points to nothing', () => {
    expect(() => evaluate({ Variable: '$.missing', StringEquals: 'x' })).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
    expect(() => evaluate({ Variable: '$.missing', IsNull: true })).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
    expect(() => evaluate({ Variable: '$.name', StringEqualsPath: '$.missing' })).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
  });
});

describe('And, Or, Not', () => {
  it.each<[ChoiceRule, boolean]>([
    [
      {
        And: [
          { Variable: '$.count', NumericGreaterThan: 1 },
          { Variable: '$.on', BooleanEquals: true },
        ],
      },
      true,
    ],
    [
      {
        And: [
          { Variable: '$.count', NumericGreaterThan: 1 },
          { Variable: '$.on', BooleanEquals: false },
        ],
      },
      false,
    ],
    [
      {
        Or: [
          { Variable: '$.count', NumericGreaterThan: 9 },
          { Variable: '$.on', BooleanEquals: true },
        ],
      },
      true,
    ],
    [
      {
        Or: [
          { Variable: '$.count', NumericGreaterThan: 9 },
          { Variable: '$.on', BooleanEquals: false },
        ],
      },
      false,
    ],
    [{ Not: { Variable: '$.name', StringEquals: 'cart' } }, true],
    [
      {
        Not: {
          Or: [
            { Variable: '$.missing', IsPresent: true },
            {
              And: [
                { Variable: '$.name', IsString: true },
                { Variable: '$.count', NumericEquals: 5 },
              ],
            },
          ],
        },
      },
      false,
    ],
  ])('%j → %s', (rule, expected) => {
    expect(evaluate(rule)).toBe(expected);
  });

  it('stops at the first deciding rule, as AWS evaluates them in order', () => {
    expect(
      evaluate({
        Or: [
          { Variable: '$.on', BooleanEquals: true },
          { Variable: '$.missing', StringEquals: 'x' },
        ],
      }),
    ).toBe(true);
    expect(
      evaluate({
        And: [
          { Variable: '$.on', BooleanEquals: false },
          { Variable: '$.missing', StringEquals: 'x' },
        ],
      }),
    ).toBe(false);
  });
});
