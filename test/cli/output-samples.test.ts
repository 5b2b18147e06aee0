import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { dynamodbEndpoint } from '../support/dynamodb-local.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).flatMap((name) => (name.endsWith('.md') ? [`docs/${name}`] : []))];

/** A fenced block whose first line is `$ npx braid simulate …` (or `$ braid simulate …`) and whose other lines are its output. */
interface Sample {
  readonly document: string;
  readonly args: string[];
  readonly output: string;
}

function samplesIn(document: string): Sample[] {
  const text = readFileSync(join(ROOT, document), 'utf8');
  return [...text.matchAll(/^```[a-z]*\n\$ (?:npx )?braid (simulate [^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    document,
    args: match[1]!.split(/\s+/),
    output: match[2]!,
  }));
}

const SAMPLES = DOCUMENTS.flatMap(samplesIn);

describe('samples of braid simulate output in the README and docs/', () => {
  it('the README shows one', () => {
    expect(SAMPLES.filter((sample) => sample.document === 'README.md')).not.toEqual([]);
  });

  it.each(SAMPLES.map((sample) => [`${sample.document}: braid ${sample.args.join(' ')}`, sample] as const))(
    'are the real output of the command they show (%s)',
    async (_name, sample) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await main(['node', 'braid', ...sample.args], {
        stdout: { write: (text: string) => stdout.push(text) },
        stderr: { write: (text: string) => stderr.push(text) },
        isTTY: false,
        env: { BRAID_DYNAMODB_ENDPOINT: await dynamodbEndpoint() },
      });
      expect(stderr.join('')).not.toContain('braid:');
      expect(code).toBe(0);
      expect(stdout.join('')).toBe(sample.output);
    },
  );
});
