import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enginesConflicts } from './engines.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const declared = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('engines', () => {
  it("accepts, in every installed package's engines.node, every Node version package.json declares", () => {
    expect(enginesConflicts(root, declared)).toEqual([]);
  });

  it('is the Node version the README and the deploy guide state', () => {
    for (const doc of ['README.md', 'docs/deploy.md']) expect(readFileSync(join(root, doc), 'utf8')).toContain(`\`${declared}\``);
  });

  it('reports an installed package, nested or scoped, whose engines.node leaves out a declared version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'braid-engines-'));
    const install = (path: string, manifest: object) => {
      mkdirSync(join(dir, path), { recursive: true });
      writeFileSync(join(dir, path, 'package.json'), JSON.stringify(manifest));
    };
    try {
      install('node_modules/fine', { name: 'fine', version: '1.0.0', engines: { node: '>=18' } });
      install('node_modules/no-engines', { name: 'no-engines', version: '1.0.0' });
      install('node_modules/@scope/too-new', { name: '@scope/too-new', version: '2.0.0', engines: { node: '>=22' } });
      install('node_modules/fine/node_modules/gap', { name: 'gap', version: '3.0.0', engines: { node: '^20.0.0 || >=24' } });
      expect(enginesConflicts(dir, '^20.19.0 || ^22.13.0 || >=24.0.0').map(({ name, node }) => [name, node])).toEqual([
        ['@scope/too-new', '>=22'],
        ['gap', '^20.0.0 || >=24'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
