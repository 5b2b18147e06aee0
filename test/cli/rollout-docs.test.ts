import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { IO_CODES } from '../../cli/io/io-events.js';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

describe('docs/cli.md', () => {
  it.each(Object.keys(IO_CODES))('documents event code %s', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });

  it.each(Object.values(EXIT))('documents exit code %s', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });
});
