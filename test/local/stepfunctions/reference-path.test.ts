import { describe, expect, it } from 'vitest';
import { resolveReferencePath } from '../../../local/stepfunctions/reference-path.js';

describe('resolveReferencePath', () => {
  const input = { bake: { seconds: 300 }, 'step weights': [10, 50], "odd'key": true };

  it.each([
    ['$', input],
    ['$.bake.seconds', 300],
    ["$['step weights'][1]", 50],
    ["$['odd\\'key']", true],
    ['$.missing.deeper', undefined],
  ])('resolves %s', (path, expected) => {
    expect(resolveReferencePath(path, input)).toEqual(expected);
  });

  it.each(['bake.seconds', '$..seconds', '$.bake[*]'])('refuses %s, which is not a reference path', (path) => {
    expect(() => resolveReferencePath(path, input)).toThrow('is not a reference path');
  });
});
