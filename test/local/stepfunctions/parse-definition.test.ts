import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../../local/stepfunctions/parse-definition.js';
import { substitutedDefinition } from '../../statemachines/asl-rules.js';

const ROLLOUT_ASL = fileURLToPath(new URL('../../../statemachines/rollout.asl.json', import.meta.url));
const REMEDIATION_ASL = fileURLToPath(new URL('../../../statemachines/remediation.asl.json', import.meta.url));

const machine = (states: object, extra: object = {}) => JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });

function problemOf(text: string): string {
  try {
    parseDefinition(text);
  } catch (error) {
    expect(error).toMatchObject({ name: 'InvalidDefinition' });
    return (error as Error).message;
  }
  throw new Error('the definition was accepted');
}

describe('parseDefinition', () => {
  it.each([ROLLOUT_ASL, REMEDIATION_ASL])("accepts Braid's machine %s", async (file) => {
    // As the sandbox loads it: retry policies and ARNs in place.
    const text = JSON.stringify(substitutedDefinition(file, await readFile(file, 'utf8')));
    expect(parseDefinition(text).StartAt).toBe(JSON.parse(text).StartAt);
  });

  it.each(['Map', 'Parallel'])('refuses a %s state, naming it', (type) => {
    const message = problemOf(machine({ Fan: { Type: type, End: true } }));
    expect(message).toContain(`state 'Fan' is a ${type} state, which the sandbox does not execute`);
  });

  it('refuses JSONata, for the machine and for one state', () => {
    expect(problemOf(machine({ P: { Type: 'Pass', End: true } }, { QueryLanguage: 'JSONata' }))).toContain('executes JSONPath only');
    expect(problemOf(machine({ P: { Type: 'Pass', QueryLanguage: 'JSONata', End: true } }))).toContain('state \'P\': QueryLanguage "JSONata" is not supported');
  });

  it.each([
    [machine({ A: { Type: 'Pass', Next: 'Nowhere' } }), `state 'A' Next "Nowhere" is not a state of this machine`],
    [machine({ A: { Type: 'Pass', Next: 'A', End: true } }), `state 'A' needs exactly one of Next or "End": true`],
    [machine({ A: { Type: 'Pass' } }), `state 'A' needs exactly one of Next or "End": true`],
    [machine({ A: { Type: 'Teleport', End: true } }), `state 'A' has Type "Teleport"`],
    [machine({ A: { Type: 'Pass', End: true, Resulte: 1 } }), `state 'A' has field(s) the sandbox does not support: Resulte`],
    [machine({ A: { Type: 'Pass', End: true, InputPath: '$.a[*]' } }), `state 'A' InputPath: '$.a[*]' is not a reference path`],
    [machine({ A: { Type: 'Pass', End: true, ResultPath: '$$.x' } }), `state 'A' ResultPath must not point into the context object`],
    [machine({ A: { Type: 'Pass', End: true, Parameters: { 'x.$': 'States.Nope()' } } }), `state 'A' Parameters.x.$: 'States.Nope()' is not a valid intrinsic`],
    [
      machine({ A: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } }),
      `state 'A' needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath, got 2`,
    ],
    [machine({ A: { Type: 'Wait', Timestamp: '2026-01-01 00:00', End: true } }), `state 'A' Timestamp must be an RFC 3339 timestamp`],
    [machine({ A: { Type: 'Wait', Seconds: -1, End: true } }), `state 'A' Seconds must be an integer >= 0`],
    [machine({ A: { Type: 'Task', End: true } }), `state 'A' needs a Resource ARN`],
    [machine({ A: { Type: 'Task', Resource: 'r', TimeoutSeconds: 0, End: true } }), `state 'A' TimeoutSeconds must be an integer >= 1`],
    [
      machine({ A: { Type: 'Task', Resource: 'r', TimeoutSeconds: 5, TimeoutSecondsPath: '$.t', End: true } }),
      `state 'A' has both TimeoutSeconds and TimeoutSecondsPath`,
    ],
    [
      machine({ A: { Type: 'Task', Resource: 'r', TimeoutSeconds: 5, HeartbeatSeconds: 5, End: true } }),
      `HeartbeatSeconds (5) must be smaller than TimeoutSeconds (5)`,
    ],
    [machine({ A: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: [] }], End: true } }), `state 'A' Retry[0] ErrorEquals must be a non-empty array`],
    [
      machine({ A: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }], End: true } }),
      `state 'A' Retry[0]: States.ALL must appear alone, in the last element`,
    ],
    [
      machine({ A: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }], End: true } }),
      `Retry[0] BackoffRate must be a number >= 1`,
    ],
    [
      machine({ A: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'HALF' }], End: true } }),
      `JitterStrategy must be FULL or NONE`,
    ],
    [machine({ A: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['X'], Next: 'B' }], End: true } }), `state 'A' Catch[0] Next "B" is not a state`],
    [machine({ A: { Type: 'Choice', Choices: [] } }), `state 'A' needs a non-empty Choices array`],
    [machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a' }] } }), `state 'A' Choices[0] Next undefined is not a state`],
    [
      machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 1, Next: 'A' }] } }),
      `state 'A' Choices[0] StringEquals must be a string, got 1`,
    ],
    [
      machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', NumericEquals: 1, Next: 'A' }] } }),
      `needs exactly one of And, Or, Not or a comparison operator`,
    ],
    [
      machine({ A: { Type: 'Choice', Choices: [{ Not: { Variable: '$.x', IsNull: true, Next: 'A' }, Next: 'A' }] } }),
      `Choices[0] Not: a rule nested in And, Or or Not must not have Next`,
    ],
    [machine({ A: { Type: 'Choice', Choices: [{ And: [], Next: 'A' }] } }), `Choices[0] And must be a non-empty array of rules`],
    [machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', TimestampEquals: 'today', Next: 'A' }] } }), `TimestampEquals must be an RFC 3339 timestamp`],
    [machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEqualsPath: 'x', Next: 'A' }] } }), `StringEqualsPath: 'x' is not a reference path`],
    [machine({ A: { Type: 'Fail', Error: 'E', ErrorPath: '$.e' } }), `state 'A' has both Error and ErrorPath`],
    [machine({ A: { Type: 'Fail', CausePath: 'States.Format(' } }), `state 'A' CausePath: 'States.Format(' is not a valid intrinsic`],
    [machine({ A: { Type: 'Pass', End: true } }, { TimeoutSeconds: 1.5 }), `TimeoutSeconds must be an integer >= 1`],
    [JSON.stringify({ StartAt: 'B', States: { A: { Type: 'Succeed' } } }), `StartAt "B" must name one of the states (A)`],
    [JSON.stringify({ StartAt: 'A', States: {} }), 'States must be an object with at least one state'],
    ['{', 'not JSON'],
  ])('refuses %s: %s', (text, reason) => {
    expect(problemOf(text)).toContain(reason);
  });

  it('reports every problem at once', () => {
    const message = problemOf(machine({ A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Map', End: true }, C: { Type: 'Wait', End: true } }));
    expect(message).toContain("state 'A' Next");
    expect(message).toContain("state 'B' is a Map state");
    expect(message).toContain("state 'C' needs exactly one of Seconds");
  });
});
