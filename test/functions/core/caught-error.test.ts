import { describe, expect, it } from 'vitest';
import { causeText } from '../../../functions/core/caught-error.js';

describe('causeText', () => {
  it('reads the message out of a Lambda error cause and passes plain text through', () => {
    expect(causeText('{"errorMessage":"boom","errorType":"Error"}')).toBe('boom');
    expect(causeText('plain')).toBe('plain');
    expect(causeText(undefined)).toBe('no cause given');
  });
});
