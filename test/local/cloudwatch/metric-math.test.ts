import { describe, expect, it } from 'vitest';
import { evaluateMetricMath, parseMetricMath, referencedIds } from '../../../local/cloudwatch/metric-math.js';
import { AwsServiceError } from '../../../local/http/service.js';

const series = {
  errors: new Map([
    [0, 2],
    [60, 10],
  ]),
  invocations: new Map([
    [0, 200],
    [60, 0],
    [120, 50],
  ]),
};
const resolve = (id: string) => series[id as keyof typeof series];

describe('parseMetricMath', () => {
  it('honours precedence and parentheses', () => {
    expect(evaluateMetricMath(parseMetricMath('1 + 2 * 3'), resolve, [])).toBe(7);
    expect(evaluateMetricMath(parseMetricMath('(1 + 2) * 3'), resolve, [])).toBe(9);
    expect(evaluateMetricMath(parseMetricMath('-2 - -3 / 1.5'), resolve, [])).toBe(0);
  });

  it('lists the query ids an expression uses', () => {
    expect(referencedIds(parseMetricMath('100*(FILL(errors, 0)/invocations)'))).toEqual(['errors', 'invocations']);
  });

  it.each(['100*(errors', 'errors invocations', 'errors $ 2', 'FILL(errors)', ''])('rejects %j with ValidationError', (text) => {
    expect(() => parseMetricMath(text)).toThrow(AwsServiceError);
    expect(() => parseMetricMath(text)).toThrow(/is not valid/);
  });
});

describe('evaluateMetricMath', () => {
  it('keeps only timestamps both series have and drops division by zero', () => {
    expect(evaluateMetricMath(parseMetricMath('100*(errors/invocations)'), resolve, [0, 60, 120])).toEqual(new Map([[0, 1]]));
  });

  it('FILL supplies a value for every period a series lacks', () => {
    expect(evaluateMetricMath(parseMetricMath('FILL(errors, 0) + invocations'), resolve, [0, 60, 120])).toEqual(
      new Map([
        [0, 202],
        [60, 10],
        [120, 50],
      ]),
    );
  });
});
