import { describe, expect, it } from 'vitest';
import { AslPlaceholderMismatchError, placeholdersOf, substitutePlaceholders } from '../../statemachines/substitutions.js';

const definition = '{"A":{"Resource":"${OneArn}"},"B":{"Resource":"${TwoArn}"},"C":{"Resource":"${OneArn}"},"D":"$.path"}';

describe('substitutePlaceholders', () => {
  it('lists each placeholder once, sorted, ignoring JSONPath', () => {
    expect(placeholdersOf(definition)).toEqual(['OneArn', 'TwoArn']);
  });

  it('fills every occurrence of every placeholder', () => {
    expect(substitutePlaceholders('x.asl.json', definition, { OneArn: 'arn:1', TwoArn: 'arn:2' })).toBe(
      '{"A":{"Resource":"arn:1"},"B":{"Resource":"arn:2"},"C":{"Resource":"arn:1"},"D":"$.path"}',
    );
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
});
