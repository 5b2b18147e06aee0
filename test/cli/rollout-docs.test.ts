import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { IO_CODES } from '../../cli/io/io-events.js';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** A table row whose first cell is the code in backticks (Prettier pads cells to the column's width). */
const tableRowFor = (code: string) => new RegExp(`^\\| \`${code.replaceAll('.', '\\.')}\` +\\|`, 'm');

describe('docs/cli.md', () => {
  it.each(Object.keys(IO_CODES))('documents event code %s', (code) => {
    expect(doc).toMatch(tableRowFor(code));
  });

  it.each(Object.values(EXIT))('documents exit code %s', (code) => {
    expect(doc).toMatch(tableRowFor(String(code)));
  });
});
