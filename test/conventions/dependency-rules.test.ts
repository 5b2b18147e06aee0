import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyViolations, type DependencyViolation } from './dependency-rules.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('dependency rules', () => {
  it('find no forbidden import and no cycle in the source tree', () => {
    expect(dependencyViolations(root)).toEqual([]);
  });

  describe('on a small tree that breaks each rule', () => {
    let dir: string;
    let violations: DependencyViolation[];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'braid-deps-'));
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
      // Two installed packages, so imports resolve as in the real tree: one allowed in core, one not.
      for (const name of ['zod', '@aws-sdk/client-lambda']) {
        write(`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }));
        write(`node_modules/${name}/index.js`, 'export const x = 1;\n');
      }
      // Allowed: core importing its own files, an allowlisted library and node:crypto.
      write('functions/core/ids.ts', 'export const prefix = "op";\n');
      write(
        'functions/core/pure.ts',
        "import { createHash } from 'node:crypto';\nimport { x } from 'zod';\nimport { prefix } from './ids.js';\nexport const id = createHash('sha256').update(prefix + x).digest('hex');\n",
      );
      // Allowed: a handler using core and an installed SDK.
      write(
        'functions/handlers/handler.ts',
        "import { x } from '@aws-sdk/client-lambda';\nimport { id } from '../core/pure.js';\nexport const handler = () => id + x;\n",
      );
      // Forbidden in core: the AWS SDK and a Node module with I/O.
      write('functions/core/uses-sdk.ts', "import { x } from '@aws-sdk/client-lambda';\nexport const y = x;\n");
      write('functions/core/uses-fs.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
      // Forbidden in functions/: the sandbox, the CLI and the CDK app.
      write('local/emulator.ts', 'export const emulator = 1;\n');
      write('cli/output.ts', 'export const output = 1;\n');
      write('infra/construct.ts', 'export const construct = 1;\n');
      write(
        'functions/rollout/task.ts',
        "import { emulator } from '../../local/emulator.js';\nimport { output } from '../../cli/output.js';\nimport { construct } from '../../infra/construct.js';\nexport const task = emulator + output + construct;\n",
      );
      // A cycle, one side of it type-only.
      write('local/ring-a.ts', "import type { B } from './ring-b.js';\nexport interface A { b?: B }\n");
      write('local/ring-b.ts', "import { type A } from './ring-a.js';\nexport interface B { a?: A }\nexport const b = 1;\n");
      violations = dependencyViolations(dir);
    });

    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('report functions/core importing the AWS SDK or a Node module outside the allowlist', () => {
      expect(violations.filter((v) => v.rule === 'core-imports-only-core-and-pure-libraries')).toEqual([
        { rule: 'core-imports-only-core-and-pure-libraries', from: 'functions/core/uses-fs.ts', to: 'fs' },
        { rule: 'core-imports-only-core-and-pure-libraries', from: 'functions/core/uses-sdk.ts', to: 'node_modules/@aws-sdk/client-lambda/index.js' },
      ]);
    });

    it('report functions/ importing local/, cli/ or infra/', () => {
      expect(violations.filter((v) => v.rule === 'functions-not-to-local-cli-infra')).toEqual([
        { rule: 'functions-not-to-local-cli-infra', from: 'functions/rollout/task.ts', to: 'cli/output.ts' },
        { rule: 'functions-not-to-local-cli-infra', from: 'functions/rollout/task.ts', to: 'infra/construct.ts' },
        { rule: 'functions-not-to-local-cli-infra', from: 'functions/rollout/task.ts', to: 'local/emulator.ts' },
      ]);
    });

    it('report a cycle, type-only imports included', () => {
      expect(violations.filter((v) => v.rule === 'no-cycles')).toEqual([
        { rule: 'no-cycles', from: 'local/ring-a.ts', to: 'local/ring-b.ts', cycle: ['local/ring-b.ts', 'local/ring-a.ts'] },
      ]);
    });

    it('report nothing else: core importing its own files, zod and node:crypto, and a handler importing core and the SDK, pass', () => {
      expect(violations).toHaveLength(6);
      expect(violations.filter((v) => v.from === 'functions/core/pure.ts' || v.from === 'functions/handlers/handler.ts')).toEqual([]);
    });
  });
});
