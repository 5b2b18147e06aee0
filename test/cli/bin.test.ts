import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Packages that only running a command may load: never help, usage errors or validation. */
const HEAVY = ['@aws-sdk/', '@smithy/', '@aws-lambda-powertools/', '@middy/', 'aws-local-stepfunctions'];

/** A module hook that appends every module the process loads to the file it is given. */
const LOAD_RECORDER = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}
`;

let dir: string;
let bin: string;

/** Runs the compiled bin as a user would (its shebang), recording the modules it loads. */
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; loaded: string[] }> {
  const trace = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(trace, '');
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { cwd: ROOT, timeout: 30_000, env: { PATH: process.env.PATH, NODE_OPTIONS: `--import=${join(dir, 'record-loads.mjs')}`, BRAID_LOAD_TRACE: trace } },
      (error, stdout, stderr) => {
        const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, loaded });
      },
    );
  });
}

function heavyModules(loaded: string[]): string[] {
  return loaded.filter((url) => HEAVY.some((name) => url.includes(`/node_modules/${name}`)));
}

beforeAll(async () => {
  // Inside the repository, so the bundle's dependencies resolve from node_modules as in dist/.
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'dist', 'test-'));
  const out = join(dir, 'bin');
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['scripts/build-cli.js', '--outdir', out], { cwd: ROOT }, (error) => (error ? reject(error) : resolve())),
  );
  bin = join(out, 'braid.js');
  writeFileSync(join(dir, 'recorder-hooks.mjs'), LOAD_RECORDER);
  writeFileSync(
    join(dir, 'record-loads.mjs'),
    `import { register } from 'node:module';\nregister('./recorder-hooks.mjs', import.meta.url, { data: { file: process.env.BRAID_LOAD_TRACE } });\n`,
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled braid bin (what npm ci builds)', () => {
  it('is an executable file with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
  });

  it('prints help with exit 0, loading no AWS SDK, Powertools or sandbox module', async () => {
    const { code, stdout, stderr, loaded } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: braid \[options\] \[command\]\n/);
    for (const command of ['approve', 'reject', 'repair', 'killswitch', 'breaker', 'simulate', 'sandbox', 'rollout'])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(loaded.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(heavyModules(loaded)).toEqual([]);
  });

  it('exits 2 on an invalid scenario, naming the field, before DynamoDB Local or the sandbox load', async () => {
    const scenario = JSON.parse(readFileSync(join(ROOT, 'examples/healthy-canary.json'), 'utf8')) as { targets: { colour?: string }[] };
    scenario.targets[0]!.colour = 'blue';
    const file = join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify(scenario));
    const { code, stdout, stderr, loaded } = await run(['simulate', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `braid: invalid scenario; nothing was started.\n  ${file}: targets[0].colour: is not a known field; remove or rename it (see docs/scenarios.md)\n`,
    );
    expect(heavyModules(loaded)).toEqual([]);
  });

  it('exits 2 on a bad option value, with the usage', async () => {
    const { code, stdout, stderr, loaded } = await run(['rollout', 'list', 'checkout:live', '--limit', '0']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: option '--limit <n>' argument '0' is invalid\. must be a whole number >= 1, got "0"\n\nUsage: braid rollout list/);
    expect(heavyModules(loaded)).toEqual([]);
  });

  it('exits 2 on a rollout start the state machine would refuse, before any AWS client loads', async () => {
    const { code, stdout, stderr, loaded } = await run(['rollout', 'start', 'checkout:live', '$LATEST']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^braid: invalid rollout request; nothing was started\.\n/);
    expect(stderr).toContain('  newVersion: $LATEST cannot be rolled out: publish a version first (Lambda routes only between published versions)\n');
    expect(heavyModules(loaded)).toEqual([]);
  });

  it('exits 2 on missing configuration before any AWS client loads', async () => {
    const { code, stderr, loaded } = await run(['rollout', 'status', '01KDVDRZ60V96Y92WBD2B6DXNZ']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^braid: Missing configuration: Braid's table name \(set --table or BRAID_TABLE_NAME\)/);
    expect(heavyModules(loaded)).toEqual([]);
  });
});
