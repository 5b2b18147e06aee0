import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { dynamodbEndpoint } from '../support/dynamodb-local.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `braid …` in-process on the TypeScript sources, with captured output, on the test run's
 * DynamoDB Local unless `env` says otherwise.
 */
async function braid(args: string[], env?: Record<string, string>) {
  env ??= { BRAID_DYNAMODB_ENDPOINT: await dynamodbEndpoint() };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['node', 'braid', ...args], {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    isTTY: false,
    env,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const SCRATCH = mkdtempSync(join(tmpdir(), 'braid-scenario-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));
let files = 0;

/** A copy of the healthy example, changed, written to a temporary file. */
function scenarioFile(change: (scenario: Record<string, any>) => void, raw?: string): string {
  const file = join(mkdtempSync(join(SCRATCH, `${(files += 1)}-`)), 'scenario.json');
  const scenario = JSON.parse(readFileSync(join(ROOT, 'examples/healthy-canary.json'), 'utf8')) as Record<string, any>;
  change(scenario);
  writeFileSync(file, raw ?? JSON.stringify(scenario));
  return file;
}

describe('braid simulate', () => {
  it('prints exactly one JSON document with operations (and the alias as each left it), final aliases, timelines, invariants and transitions', async () => {
    // No BRAID_DYNAMODB_ENDPOINT: simulate starts its own DynamoDB Local, as `npm start` does, and stops it.
    const { code, stdout, stderr } = await braid(['simulate', '--json', 'examples/faulty-canary.json'], {});
    expect(code).toBe(0);
    expect(stderr).toBe('· starting DynamoDB Local\n· running faulty-canary\n');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['scenario', 'operations', 'finalAliases', 'invariants', 'stateTransitions']));
    expect(report.scenario.name).toBe('faulty-canary');
    expect(report.operations).toEqual([
      expect.objectContaining({
        kind: 'rollout',
        target: 'checkout:live',
        status: 'rolled_back',
        aliasAtEnd: { functionVersion: '1', additionalVersionWeights: {} },
        timeline: expect.arrayContaining([expect.objectContaining({ kind: 'alarm', message: 'alarm checkout-live-errors OK → ALARM' })]),
      }),
    ]);
    expect(report.invariants.map((check: { id: string; holds: boolean }) => [check.id, check.holds])).toEqual([
      ['I1', true],
      ['I2', true],
      ['I3', true],
      ['I4', true],
      ['I5', true],
    ]);
    expect(report.finalAliases).toEqual({ 'checkout:live': { functionVersion: '1', additionalVersionWeights: {} } });
    expect(report.stateTransitions).toBe(report.operations[0].stateTransitions);
    expect(report.stateTransitions).toBeGreaterThan(0);
  });

  it('plays the approval example: the canary judge passes each step, the scripted approval promotes', async () => {
    const { code, stdout } = await braid(['simulate', '--json', 'examples/approved-linear.json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.operations[0]).toMatchObject({ status: 'promoted', aliasAtEnd: { functionVersion: '2', additionalVersionWeights: {} } });
    expect(report.decisions).toEqual([expect.objectContaining({ decision: 'approve', by: 'alice', applied: true, detail: 'approval on step 4 approved' })]);
    const kinds = report.operations[0].timeline.map((entry: { kind: string }) => entry.kind);
    expect(kinds).toContain('audit:hold.requested');
    // The judge's statistics are in the report, with each verdict.
    const verdict = report.operations[0].timeline.find(
      (entry: { kind: string; evidence?: { canaryJudgement?: unknown } }) => entry.kind === 'audit:gate.verdict' && entry.evidence?.canaryJudgement,
    );
    expect(verdict.evidence.canaryJudgement).toMatchObject({
      verdict: 'pass',
      checks: [
        expect.objectContaining({ metric: 'errorRate', pValue: expect.any(Number) }),
        expect.objectContaining({ metric: 'latency', pValue: expect.any(Number) }),
      ],
    });
    expect(report.invariants.every((check: { holds: boolean }) => check.holds)).toBe(true);
  });

  it.each([
    ['an unknown field', (s: Record<string, any>) => (s.targets[0].colour = 'blue'), 'targets[0].colour: is not a known field'],
    [
      'weight 1.5',
      (s: Record<string, any>) => (s.targets[0].strategy = { steps: [{ weight: 1.5, bakeSeconds: 60 }] }),
      'targets[0].strategy.steps[0].weight: must be a whole percentage from 1 to 100, got 1.5',
    ],
    [
      'a gate naming a missing alarm',
      (s: Record<string, any>) => (s.targets[0].gates = ['nope']),
      'targets[0].gates[0]: names alarm "nope", which is not declared',
    ],
  ])('exits 2 on %s, naming the field, and starts nothing', async (_case, change, message) => {
    const { code, stdout, stderr } = await braid(['simulate', scenarioFile(change)]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('nothing was started');
    expect(stderr).not.toContain('DynamoDB Local');
    expect(stdout).toBe('');
  });

  it('exits 2 on a malformed file', async () => {
    const { code, stderr } = await braid(['simulate', scenarioFile(() => undefined, '{ "name": "x", ')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/scenario\.json: is not valid JSON/);
  });

  it('exits 2 on a missing file and on a missing argument', async () => {
    expect((await braid(['simulate', 'no-such-file.json'])).stderr).toContain('cannot be read (ENOENT)');
    expect((await braid(['simulate'])).code).toBe(2);
  });

  it('prints each scenario as soon as it ends, in order, a blank line between two', async () => {
    const progress: string[] = [];
    const stdout: string[] = [];
    const endpoint = await dynamodbEndpoint();
    const code = await main(['node', 'braid', 'simulate', 'examples/healthy-canary.json', 'examples/faulty-canary.json'], {
      stdout: { write: (text: string) => stdout.push(text) && progress.push(`stdout: ${text.split('\n')[0]}`) },
      stderr: { write: (text: string) => progress.push(`stderr: ${text.trimEnd()}`) },
      isTTY: false,
      env: { BRAID_DYNAMODB_ENDPOINT: endpoint },
    });
    expect(code).toBe(0);
    expect(progress).toEqual([
      `stderr: · using DynamoDB Local at ${endpoint}`,
      'stderr: · running healthy-canary',
      expect.stringMatching(/^stdout: ▶ healthy-canary — /),
      'stderr: · running faulty-canary',
      expect.stringMatching(/^stdout: $/),
    ]);
    expect(stdout[1]).toMatch(/^\n▶ faulty-canary — /);
  });

  it('exits 2 on a BRAID_DYNAMODB_ENDPOINT that is not a URL, starting nothing', async () => {
    const { code, stderr } = await braid(['simulate', 'examples/healthy-canary.json'], { BRAID_DYNAMODB_ENDPOINT: 'localhost:8000' });
    expect(code).toBe(2);
    expect(stderr).toBe('braid: BRAID_DYNAMODB_ENDPOINT "localhost:8000" is not an http(s) URL such as http://127.0.0.1:8000.\n');
  });

  it('validates every scenario before running any', async () => {
    const { code, stderr } = await braid(['simulate', 'examples/healthy-canary.json', scenarioFile((s) => (s.seed = 'x'))]);
    expect(code).toBe(2);
    expect(stderr).not.toContain('running healthy-canary');
  });
});
