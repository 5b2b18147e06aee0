import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/private/paths.js';
import { constructorSizes, constructorsLongerThan } from './constructor-length.js';

/** The longest constructor body `infra/` allows: a longer one is doing several parts' work. */
const MAX_CONSTRUCTOR_LINES = 60;

/** A class whose constructor body has `bodyLines` lines. */
function classWithConstructor(name: string, bodyLines: number): string {
  const body = Array.from({ length: bodyLines }, (_, i) => `    this.values.push(${i});`).join('\n');
  return `export class ${name} {\n  readonly values: number[] = [];\n  constructor() {\n${body}\n  }\n}\n`;
}

describe('constructor length', () => {
  it(`keeps every constructor under infra/ at ${MAX_CONSTRUCTOR_LINES} lines or fewer (move a part into a construct or a method)`, () => {
    expect(constructorsLongerThan(join(PROJECT_ROOT, 'infra'), MAX_CONSTRUCTOR_LINES)).toEqual([]);
  });

  it('counts the lines between the braces of each constructor, blank lines and comments included', () => {
    const text = 'class A {\n  constructor() {\n    // why\n\n    go();\n  }\n}\nconst B = class {\n  constructor() {}\n};\n';
    expect(constructorSizes('a.ts', text)).toEqual([
      { file: 'a.ts', className: 'A', line: 2, bodyLines: 3 },
      { file: 'a.ts', className: '<anonymous>', line: 9, bodyLines: 0 },
    ]);
  });

  it('reports a constructor one line over the limit in a nested folder, and not one at the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'braid-constructors-'));
    try {
      mkdirSync(join(dir, 'private'));
      writeFileSync(join(dir, 'fits.ts'), classWithConstructor('Fits', MAX_CONSTRUCTOR_LINES));
      writeFileSync(join(dir, 'private', 'too-long.ts'), classWithConstructor('TooLong', MAX_CONSTRUCTOR_LINES + 1));
      expect(constructorsLongerThan(dir, MAX_CONSTRUCTOR_LINES)).toEqual([
        { file: join('private', 'too-long.ts'), className: 'TooLong', line: 3, bodyLines: MAX_CONSTRUCTOR_LINES + 1 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
