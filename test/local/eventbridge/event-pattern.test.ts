import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidEventPatternException, matchesEventPattern, parseEventPattern, validateEventPattern } from '../../../local/eventbridge/event-pattern.js';

const alarmEvent = {
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: '2019-10-02T17:04:40Z',
  region: 'us-east-1',
  resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors', 'arn:aws:lambda:us-east-1:123456789012:function:checkout'],
  detail: {
    alarmName: 'checkout-errors',
    state: { value: 'ALARM', count: 7, muted: false, note: null },
    configuration: {
      metrics: [
        { id: 'm1', returnData: false },
        { id: 'rate', returnData: true },
      ],
    },
  },
};

const cases: Array<[string, Record<string, unknown>, boolean]> = [
  ['exact value', { source: ['aws.cloudwatch'] }, true],
  ['any of several values', { source: ['aws.ec2', 'aws.cloudwatch'] }, true],
  ['wrong value', { source: ['aws.ec2'] }, false],
  ['nested objects', { detail: { state: { value: ['ALARM'] } } }, true],
  ['nested mismatch', { detail: { state: { value: ['OK'] } } }, false],
  ['all fields must match', { source: ['aws.cloudwatch'], detail: { state: { value: ['OK'] } } }, false],
  ['array field matches any element', { resources: ['arn:aws:lambda:us-east-1:123456789012:function:checkout'] }, true],
  ['numbers match numerically', { detail: { state: { count: [7.0] } } }, true],
  ['a string does not match a number', { detail: { state: { count: ['7'] } } }, false],
  ['booleans', { detail: { state: { muted: [false] } } }, true],
  ['null matches a null value', { detail: { state: { note: [null] } } }, true],
  ['null does not match an absent field', { detail: { state: { absent: [null] } } }, false],
  ['prefix', { 'detail-type': [{ prefix: 'CloudWatch Alarm' }] }, true],
  ['prefix mismatch', { 'detail-type': [{ prefix: 'Alarm' }] }, false],
  ['prefix ignoring case', { 'detail-type': [{ prefix: { 'equals-ignore-case': 'cloudwatch alarm' } }] }, true],
  ['suffix', { detail: { alarmName: [{ suffix: '-errors' }] } }, true],
  ['suffix mismatch', { detail: { alarmName: [{ suffix: '-latency' }] } }, false],
  ['equals-ignore-case', { detail: { state: { value: [{ 'equals-ignore-case': 'alarm' }] } } }, true],
  ['wildcard', { detail: { alarmName: [{ wildcard: 'checkout-*' }] } }, true],
  ['wildcard mismatch', { detail: { alarmName: [{ wildcard: 'billing-*' }] } }, false],
  ['anything-but a value', { detail: { state: { value: [{ 'anything-but': 'OK' }] } } }, true],
  ['anything-but the value', { detail: { state: { value: [{ 'anything-but': 'ALARM' }] } } }, false],
  ['anything-but a list', { detail: { state: { value: [{ 'anything-but': ['OK', 'ALARM'] }] } } }, false],
  ['anything-but a prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, false],
  ['anything-but on an absent field', { detail: { absent: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but a number', { detail: { state: { count: [{ 'anything-but': [1, 2] }] } } }, true],
  ['numeric range', { detail: { state: { count: [{ numeric: ['>', 5, '<=', 7] }] } } }, true],
  ['numeric range mismatch', { detail: { state: { count: [{ numeric: ['>', 7] }] } } }, false],
  ['numeric equality', { detail: { state: { count: [{ numeric: ['=', 7] }] } } }, true],
  ['numeric on a string', { source: [{ numeric: ['>', 0] }] }, false],
  ['exists true', { detail: { alarmName: [{ exists: true }] } }, true],
  ['exists true on an absent field', { detail: { absent: [{ exists: true }] } }, false],
  ['exists false on an absent field', { detail: { absent: [{ exists: false }] } }, true],
  ['exists false on a present field', { detail: { alarmName: [{ exists: false }] } }, false],
  ['exists false under an absent object', { nothing: { here: [{ exists: false }] } }, true],
  ['a nested pattern matches any object of a list', { detail: { configuration: { metrics: { id: ['rate'], returnData: [true] } } } }, true],
  ['$or with one matching branch', { $or: [{ source: ['aws.ec2'] }, { detail: { alarmName: ['checkout-errors'] } }] }, true],
  ['$or with no matching branch', { $or: [{ source: ['aws.ec2'] }, { detail: { alarmName: ['x'] } }] }, false],
  [
    '$or beside other fields',
    { 'detail-type': ['CloudWatch Alarm State Change'], detail: { $or: [{ state: { value: ['ALARM'] } }, { alarmName: ['x'] }] } },
    true,
  ],
];

describe('matchesEventPattern', () => {
  it.each(cases)('%s', (_name, pattern, expected) => {
    validateEventPattern(pattern);
    expect(matchesEventPattern(pattern, alarmEvent)).toBe(expected);
  });
});

describe('validateEventPattern', () => {
  const invalid: Array<[string, unknown]> = [
    ['not an object', ['aws.ec2']],
    ['empty pattern', {}],
    ['a bare value instead of a list', { source: 'aws.ec2' }],
    ['an empty list', { source: [] }],
    ['an unknown operator', { source: [{ startsWith: 'aws.' }] }],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['prefix of a number', { source: [{ prefix: 1 }] }],
    ['numeric with a bad operator', { n: [{ numeric: ['>>', 1] }] }],
    ['numeric with an upper bound first', { n: [{ numeric: ['<', 5, '>', 1] }] }],
    ['numeric with an empty range', { n: [{ numeric: ['>', 5, '<', 1] }] }],
    ['exists with a string', { n: [{ exists: 'yes' }] }],
    ['anything-but with a mixed list', { n: [{ 'anything-but': ['a', 1] }] }],
    ['$or with one branch', { $or: [{ source: ['a'] }] }],
    ['a nested list', { source: [['a']] }],
  ];
  it.each(invalid)('rejects %s with InvalidEventPatternException', (_name, pattern) => {
    expect(() => validateEventPattern(pattern)).toThrow(InvalidEventPatternException);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseEventPattern('{source: [')).toThrow(/not JSON/);
  });

  it('never fails with anything but InvalidEventPatternException on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          validateEventPattern(value);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventPatternException);
        }
      }),
    );
  });
});

describe('pattern properties', () => {
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '$or' && k !== '__proto__');
  const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());

  it('an event matches a pattern built from its own values', () => {
    fc.assert(
      fc.property(fc.dictionary(key, scalar, { minKeys: 1 }), (detail) => {
        const pattern = { detail: Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, [v]])) };
        expect(matchesEventPattern(pattern, { detail })).toBe(true);
      }),
    );
  });

  it('anything-but a value matches exactly when an exact match does not', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (actual, excluded) => {
        const event = { f: actual };
        expect(matchesEventPattern({ f: [{ 'anything-but': excluded }] }, event)).toBe(!matchesEventPattern({ f: [excluded] }, event));
      }),
    );
  });

  it('prefix and suffix match every split of a string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (head, tail) => {
        const event = { f: head + tail };
        expect(matchesEventPattern({ f: [{ prefix: head }] }, event)).toBe(true);
        expect(matchesEventPattern({ f: [{ suffix: tail }] }, event)).toBe(true);
      }),
    );
  });

  it('a numeric range matches exactly the numbers inside it', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (a, b, x) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(matchesEventPattern({ n: [{ numeric: ['>=', low, '<', high] }] }, { n: x })).toBe(x >= low && x < high);
        },
      ),
    );
  });

  it('$or matches exactly when one of its branches matches', () => {
    const branch = fc.record({ f: fc.constantFrom(['a'], ['b'], [{ prefix: 'c' }]) });
    fc.assert(
      fc.property(branch, branch, fc.constantFrom('a', 'b', 'cat', 'dog'), (left, right, value) => {
        const event = { f: value };
        expect(matchesEventPattern({ $or: [left, right] }, event)).toBe(matchesEventPattern(left, event) || matchesEventPattern(right, event));
      }),
    );
  });
});
