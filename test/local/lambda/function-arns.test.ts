import { describe, expect, it } from 'vitest';
import { functionArn, parseFunctionReference } from '../../../local/lambda/function-arns.js';

describe('parseFunctionReference', () => {
  it.each([
    ['checkout', { name: 'checkout' }],
    ['checkout:live', { name: 'checkout', qualifier: 'live' }],
    ['checkout:$LATEST', { name: 'checkout', qualifier: '$LATEST' }],
    ['000000000000:function:checkout:3', { name: 'checkout', qualifier: '3' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:checkout', { name: 'checkout' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:checkout:live', { name: 'checkout', qualifier: 'live' }],
  ])('reads %s', (reference, expected) => {
    expect(parseFunctionReference(reference)).toEqual(expected);
  });

  it('rejects a name Lambda would reject, with ValidationException', () => {
    expect(() => parseFunctionReference('check out')).toThrow(expect.objectContaining({ code: 'ValidationException', status: 400 }));
  });

  it('round-trips the ARNs it builds', () => {
    expect(parseFunctionReference(functionArn('checkout', 'live'))).toEqual({ name: 'checkout', qualifier: 'live' });
  });
});
