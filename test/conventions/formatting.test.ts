import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unformattedFiles } from './formatting.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('formatting', () => {
  it('leaves no file of the repository for Prettier to change (run `npm run format` to fix)', () => {
    expect(unformattedFiles(root, { cache: true })).toEqual([]);
  });

  it('reports a badly formatted file under the same configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'braid-format-'));
    try {
      copyFileSync(join(root, '.prettierrc.json'), join(dir, '.prettierrc.json'));
      writeFileSync(join(dir, 'good.ts'), "export const ok = 'yes';\n");
      writeFileSync(join(dir, 'bad.ts'), 'export const bad = {a:1,\n\n\n  b : "two"}\n');
      expect(unformattedFiles(dir)).toEqual(['bad.ts']);
      // The cache remembers files found formatted, by content: one changed since is checked again.
      expect(unformattedFiles(dir, { cache: true })).toEqual(['bad.ts']);
      writeFileSync(join(dir, 'good.ts'), 'export const ok   =  "no"\n');
      expect(unformattedFiles(dir, { cache: true })).toEqual(['bad.ts', 'good.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
