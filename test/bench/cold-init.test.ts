import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coldImportMs, compareColdInit, median } from '../../bench/private/cold-init.js';

describe('cold imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'braid-cold-init-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const module = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('measures a module that imports cleanly and exports the function asked for', () => {
    const file = module('handler.mjs', 'export const handler = async () => 1;');
    expect(coldImportMs({ file, exportName: 'handler' })).toBeGreaterThan(0);
    const comparison = compareColdInit({ file, exportName: 'handler' }, { file: module('empty.mjs', '') }, 2);
    expect(comparison.ratio).toBeCloseTo(comparison.medianMs / comparison.baselineMedianMs, 10);
  });

  it('fails a module that needs Braid configuration at import, as it would fail on Lambda', () => {
    const file = module('eager.mjs', "if (!process.env.BRAID_TABLE_NAME) throw new Error('BRAID_TABLE_NAME is not set'); export const handler = () => 1;");
    expect(() => coldImportMs({ file, exportName: 'handler' })).toThrow(/BRAID_TABLE_NAME is not set/);
  });

  it('fails a bundle that exports no handler', () => {
    const file = module('nohandler.mjs', 'export const main = () => 1;');
    expect(() => coldImportMs({ file, exportName: 'handler' })).toThrow(/exports no function named handler/);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
