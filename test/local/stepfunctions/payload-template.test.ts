import { describe, expect, it } from 'vitest';
import { evaluatePayloadTemplate, payloadTemplateProblems } from '../../../local/stepfunctions/payload-template.js';

const scope = { input: { id: 7, repair: { params: { FunctionName: 'checkout' } } }, context: { Task: { Token: 'AQ1' } }, random: () => 0.5 };

describe('evaluatePayloadTemplate', () => {
  it('fills .$ fields from paths, the context object and intrinsic functions, at any depth, and copies the rest', () => {
    const template = {
      'FunctionName.$': '$.repair.params.FunctionName',
      Static: { keep: 'as is', 'token.$': '$$.Task.Token' },
      List: [{ 'id.$': '$.id' }, 'plain', 3],
      'label.$': "States.Format('op-{}', $.id)",
      'whole.$': '$',
    };
    expect(evaluatePayloadTemplate(template, scope)).toEqual({
      FunctionName: 'checkout',
      Static: { keep: 'as is', token: 'AQ1' },
      List: [{ id: 7 }, 'plain', 3],
      label: 'op-7',
      whole: scope.input,
    });
  });

  it('fails with States.Runtime, naming the field, when a path points to nothing', () => {
    expect(() => evaluatePayloadTemplate({ 'name.$': '$.missing' }, scope)).toThrow(
      expect.objectContaining({
        name: 'States.Runtime',
        message: expect.stringContaining("The JSONPath '$.missing' specified for the field 'name.$' could not be found"),
      }),
    );
  });
});

describe('payloadTemplateProblems', () => {
  it('accepts paths and intrinsic functions in .$ fields', () => {
    expect(payloadTemplateProblems({ 'a.$': '$.x', b: { 'c.$': 'States.Array($$.Execution.Id)' }, d: [{ 'e.$': '$' }] }, 'Parameters')).toEqual([]);
  });

  it('reports each bad .$ field with where it is', () => {
    expect(payloadTemplateProblems({ 'a.$': 3, nested: [{ 'b.$': '$.x[*]' }], 'c.$': 'Nope()', d: 1, 'd.$': '$.d' }, 'Parameters')).toEqual([
      "Parameters.a.$: a field ending in '.$' needs a path or an intrinsic function as a string, got 3",
      expect.stringContaining("Parameters.nested[0].b.$: '$.x[*]' is not a reference path"),
      expect.stringContaining("Parameters.c.$: 'Nope()' is not a valid intrinsic function call"),
      "Parameters.d.$: the field 'd' is given both with and without '.$'",
    ]);
  });
});
