import { describe, expect, it } from 'vitest';
import { RETRY_POLICIES } from '../../statemachines/retry-policies.js';
import { AslPlaceholderMismatchError, placeholdersOf, substitutePlaceholders, UnknownRetryPolicyError } from '../../statemachines/substitutions.js';

const definition = '{"A":{"Resource":"${OneArn}"},"B":{"Resource":"${TwoArn}"},"C":{"Resource":"${OneArn}"},"D":"$.path"}';

describe('substitutePlaceholders', () => {
  it('lists each placeholder once, sorted, ignoring JSONPath and retry policy references', () => {
    expect(placeholdersOf(definition)).toEqual(['OneArn', 'TwoArn']);
    expect(placeholdersOf('{"Retry":["${Retry.LambdaInvoke}"],"Resource":"${OneArn}"}')).toEqual(['OneArn']);
  });

  it('fills every occurrence of every placeholder, and returns the definition as indented JSON', () => {
    expect(JSON.parse(substitutePlaceholders('x.asl.json', definition, { OneArn: 'arn:1', TwoArn: 'arn:2' }))).toEqual({
      A: { Resource: 'arn:1' },
      B: { Resource: 'arn:2' },
      C: { Resource: 'arn:1' },
      D: '$.path',
    });
    expect(substitutePlaceholders('x.asl.json', '{"A":{"B":"${One}"}}', { One: 'arn:1' })).toBe('{\n  "A": {\n    "B": "arn:1"\n  }\n}');
  });

  it('names placeholders the map lacks and keys the file does not use', () => {
    const fill = () => substitutePlaceholders('statemachines/x.asl.json', definition, { OneArn: 'arn:1', ThreeArn: 'arn:3' });
    expect(fill).toThrow(AslPlaceholderMismatchError);
    expect(fill).toThrow(
      'State machine statemachines/x.asl.json and its substitution map disagree: used in the definition but not in the substitution map: TwoArn; in the substitution map but not used in the definition: ThreeArn. Make the ${...} placeholders in the file and the keys of the map the same set.',
    );
  });

  it('carries a stable code blaming Braid', () => {
    const error = new AslPlaceholderMismatchError('f', ['A'], []);
    expect(error.code).toBe('Braid.AslPlaceholderMismatch');
    expect(error.name).toBe('Braid.AslPlaceholderMismatch');
    expect(error.fault).toBe('braid');
  });

  it('names the file when it is not JSON', () => {
    expect(() => substitutePlaceholders('statemachines/x.asl.json', '{"A": ', {})).toThrow(/^State machine statemachines\/x\.asl\.json is not valid JSON: /);
  });
});

describe('retry policies in substitutePlaceholders', () => {
  const task = (retry: unknown[]) => ({ Type: 'Task', Resource: '${WorkArn}', Retry: retry, End: true });

  it('puts each named policy in place, in the order named, keeping the rest of the state', () => {
    const text = JSON.stringify({ StartAt: 'Work', States: { Work: task(['${Retry.LambdaInvoke}', '${Retry.TargetBusy}']) } });
    expect(JSON.parse(substitutePlaceholders('x.asl.json', text, { WorkArn: 'arn:work' }))).toEqual({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: 'arn:work', Retry: [RETRY_POLICIES.LambdaInvoke.retrier, RETRY_POLICIES.TargetBusy.retrier], End: true } },
    });
  });

  it('expands policies inside Parallel branches and Map processors', () => {
    const inner = { StartAt: 'Inner', States: { Inner: task(['${Retry.SnsPublish}']) } };
    const text = JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Parallel', Branches: [inner], Retry: ['${Retry.LambdaApi}'], Next: 'Each' },
        Each: { Type: 'Map', ItemProcessor: inner, End: true },
      },
    });
    const states = JSON.parse(substitutePlaceholders('x.asl.json', text, { WorkArn: 'arn:work' })).States;
    expect(states.Fan.Retry).toEqual([RETRY_POLICIES.LambdaApi.retrier]);
    expect(states.Fan.Branches[0].States.Inner.Retry).toEqual([RETRY_POLICIES.SnsPublish.retrier]);
    expect(states.Each.ItemProcessor.States.Inner.Retry).toEqual([RETRY_POLICIES.SnsPublish.retrier]);
  });

  it.each([
    ['an unknown name', '${Retry.Forever}', '"${Retry.Forever}"'],
    ['a name without the Retry prefix', '${LambdaInvoke}', '"${LambdaInvoke}"'],
    ['a bare name', 'LambdaInvoke', '"LambdaInvoke"'],
    ['an inline retrier', { ErrorEquals: ['States.ALL'] }, '{"ErrorEquals":["States.ALL"]}'],
  ])('rejects %s with a typed error naming the state, the entry and the defined policies', (_case, entry, shown) => {
    const inner = { StartAt: 'Inner', States: { Inner: task(['${Retry.LambdaInvoke}', entry]) } };
    const text = JSON.stringify({ StartAt: 'Fan', States: { Fan: { Type: 'Parallel', Branches: [inner], End: true } } });
    const load = () => substitutePlaceholders('statemachines/x.asl.json', text, { WorkArn: 'arn:work' });
    expect(load).toThrow(UnknownRetryPolicyError);
    expect(load).toThrow(
      `State machine statemachines/x.asl.json: Fan.Branches[0].Inner.Retry[1] is ${shown}, which names no retry policy. ` +
        'Write "${Retry.<Name>}" with a Name defined in statemachines/retry-policies.ts: LambdaInvoke, LambdaApi, TargetBusy, SnsPublish.',
    );
  });

  it('raises UnknownRetryPolicyError with a stable code blaming Braid', () => {
    const error = new UnknownRetryPolicyError('f', 'Work', 0, 'x');
    expect(error.code).toBe('Braid.UnknownRetryPolicy');
    expect(error.name).toBe('Braid.UnknownRetryPolicy');
    expect(error.fault).toBe('braid');
  });
});
