import { userInfo } from 'node:os';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../functions/core/audit.js';
import { main } from '../../cli/main.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ESC = '\x1b';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `braid …` in-process with captured output; `connect` adds the flags that point it at the sandbox. */
async function braid(args: string[], options: { fixture?: RolloutFixture; isTTY?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sandbox = options.fixture?.sandbox;
  const connect = sandbox
    ? ['--endpoint-url', sandbox.endpoint, '--region', 'us-east-1', '--table', sandbox.tableName, '--state-machine-arn', sandbox.rolloutStateMachineArn]
    : [];
  const code = await main(['node', 'braid', ...args, ...connect], {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

async function executionNames(fixture: RolloutFixture): Promise<string[]> {
  const { executions } = await fixture.sandbox.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: fixture.sandbox.rolloutStateMachineArn }));
  return (executions ?? []).map((execution) => execution.name!);
}

function executionArn(fixture: RolloutFixture, operationId: string): string {
  return `${fixture.sandbox.rolloutStateMachineArn.replace(':stateMachine:', ':execution:')}:${operationId}`;
}

describe('braid rollout against the sandbox (healthy canary)', () => {
  let fixture: RolloutFixture;
  let started: Run;
  let operationId: string;
  let gateSummary: string;

  beforeAll(async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    started = await braid(['rollout', 'start', 'checkout:live', '2', '--reason', 'release 2: faster cart totals'], { fixture });
    operationId = started.stdout.trim();
    await fixture.sandbox.stepFunctions.waitForExecution(executionArn(fixture, operationId));
    gateSummary = String(((await fixture.sandbox.deps.operations.get(operationId)) as unknown as { lastVerdictSummary: string }).lastVerdictSummary);
  });
  afterAll(() => fixture?.close());

  it('start prints only the new operation id on stdout and how to follow it on stderr', () => {
    expect(started.code).toBe(0);
    expect(operationId).toMatch(ULID);
    expect(started.stdout).toBe(`${operationId}\n`);
    expect(started.stderr).toBe(`· rollout of checkout:live to version 2 started; follow it with: braid rollout watch ${operationId}\n`);
  });

  it('start sends the execution, named after the operation id, the input the state machine expects; it runs to promotion', async () => {
    const execution = fixture.sandbox.stepFunctions.describeExecution(executionArn(fixture, operationId));
    expect(execution.name).toBe(operationId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.input)).toEqual({
      operationId,
      targetName: 'checkout:live',
      newVersion: '2',
      requestedBy: `cli:${userInfo().username}`,
      reason: 'release 2: faster cart totals',
    });
    expect(await fixture.alias()).toEqual({ functionVersion: '2', additionalVersionWeights: {} });
  });

  it('status shows the operation and its execution', async () => {
    const { code, stdout, stderr } = await braid(['rollout', 'status', operationId], { fixture });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        `rollout ${operationId} of checkout:live: 1 → 2`,
        '  status     PROMOTED — every step passed its gate',
        '  step       2 of 2 at 100%',
        `  last gate  pass — ${gateSummary}`,
        `  requested  by cli:${userInfo().username} — "release 2: faster cart totals"`,
        '  created    2026-01-01T00:02:00Z',
        '  updated    2026-01-01T00:07:00Z (t+05:00)',
        `  execution  SUCCEEDED ${executionArn(fixture, operationId)}`,
        '',
      ].join('\n'),
    );
    expect(gateSummary).toMatch(/^all 1 gate alarm\(s\) OK/);
  });

  it('status --json prints one document with the same data', async () => {
    const { code, stdout } = await braid(['rollout', 'status', operationId, '--json'], { fixture });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      operationId,
      kind: 'rollout',
      targetName: 'checkout:live',
      status: 'promoted',
      fromVersion: '1',
      newVersion: '2',
      requestedBy: `cli:${userInfo().username}`,
      reason: 'release 2: faster cart totals',
      createdAt: '2026-01-01T00:02:00Z',
      updatedAt: '2026-01-01T00:07:00Z',
      elapsedSeconds: 300,
      step: { number: 2, of: 2, weight: 100 },
      lastGate: { verdict: 'pass', summary: gateSummary },
      outcomeReason: 'every step passed its gate',
      ended: true,
      execution: { arn: executionArn(fixture, operationId), status: 'SUCCEEDED' },
    });
  });

  it('list shows the target operations, newest first, and --limit keeps the newest', async () => {
    const second = await braid(['rollout', 'start', 'checkout:live', '1', '--requested-by', 'alice'], { fixture });
    const secondId = second.stdout.trim();
    await fixture.sandbox.stepFunctions.waitForExecution(executionArn(fixture, secondId));

    const human = await braid(['rollout', 'list', 'checkout:live'], { fixture });
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(
      [
        'OPERATION                   STATUS    CHANGE  CREATED               OUTCOME / STEP',
        `${secondId}  promoted  2 → 1   2026-01-01T00:07:00Z  every step passed its gate`,
        `${operationId}  promoted  1 → 2   2026-01-01T00:02:00Z  every step passed its gate`,
        '',
      ].join('\n'),
    );

    const json = await braid(['rollout', 'list', 'checkout:live', '--json', '--limit', '1'], { fixture });
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.targetName).toBe('checkout:live');
    expect(document.operations).toHaveLength(1);
    expect(document.operations[0]).toMatchObject({ operationId: secondId, status: 'promoted', fromVersion: '2', newVersion: '1', requestedBy: 'alice' });
    expect(document.operations[0]).not.toHaveProperty('reason');
  });

  it('history prints the audit trail oldest first, one line per record', async () => {
    const audit = await fixture.audit(operationId);
    const { code, stdout } = await braid(['rollout', 'history', operationId], { fixture });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(audit.length);
    expect(lines.map((line) => line.split(/\s{2,}/).slice(1, 4))).toEqual(
      audit.map((record) => [record.kind, record.actor, record.epoch === undefined ? '-' : `epoch ${record.epoch}`]),
    );
    // Columns are as wide as their longest value: kind `alias.shift.intended`, actor `braid:finish-operation`.
    expect(lines[0]).toBe(
      `2026-01-01T00:02:00Z  ${'operation.created'.padEnd(20)}  ${`cli:${userInfo().username}`.padEnd(22)}  -         rollout to version 2 requested, plan 10%/300s → 100%/0s — "release 2: faster cart totals"`,
    );
    expect(lines.slice(1).map((line) => line.replace(/^\S+\s+\S+\s+\S+\s+(-|epoch \d+)\s+/, ''))).toEqual([
      'lease acquired (epoch 1)',
      'snapshot: alias on 1',
      'step 1: shift 10% to the new version',
      `gate pass on step 1: ${String(audit[4]!.detail.summary)}`,
      'step 2: promote to version 2',
      `gate pass on step 2: ${gateSummary}`,
      'last known good: 1 (now on 2)',
      'finished promoted: every step passed its gate',
      'lease released',
    ]);
  });

  it('history --json gives the records', async () => {
    const { code, stdout } = await braid(['rollout', 'history', operationId, '--json'], { fixture });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ operationId, records: await fixture.audit(operationId) });
  });

  it('watch prints one line per change on a non-terminal and exits 0 on the terminal status', async () => {
    const start = await braid(['rollout', 'start', 'checkout:live', '2'], { fixture });
    const id = start.stdout.trim();
    const { code, stdout } = await braid(['rollout', 'watch', id, '--interval', '0.02'], { fixture });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.at(-1)).toMatch(/^t\+05:00 {2}PROMOTED {2}step 2 of 2 at 100% {2}gate pass: .+ {2}outcome: every step passed its gate$/);
    expect(lines.slice(0, -1).every((line) => /^t\+\d\d:\d\d {2}(STARTING|PENDING|RUNNING)/.test(line))).toBe(true);
    expect(stdout).not.toContain(ESC);
  });

  it('watch redraws one status block on a terminal', async () => {
    const start = await braid(['rollout', 'start', 'checkout:live', '1'], { fixture });
    const id = start.stdout.trim();
    const { code, stdout } = await braid(['rollout', 'watch', id, '--interval', '0.02'], { fixture, isTTY: true });
    expect(code).toBe(0);
    const draws = stdout.split(`${ESC}[2A${ESC}[0J`);
    expect(draws.length).toBeGreaterThan(1);
    const last = draws.at(-1)!;
    expect(last.split('\n')).toHaveLength(3);
    expect(last).toContain(`rollout ${id} of checkout:live: 2 → 1`);
    expect(last).toContain(`${ESC}[32mPROMOTED${ESC}[39m`);
  });

  it('watch --json prints only the final view on stdout and the changes on stderr', async () => {
    const start = await braid(['rollout', 'start', 'checkout:live', '2', '--json'], { fixture });
    expect(start.code).toBe(0);
    const { operationId: id, executionArn: arn, ...rest } = JSON.parse(start.stdout);
    expect(arn).toBe(executionArn(fixture, id));
    expect(rest).toEqual({
      targetName: 'checkout:live',
      newVersion: '2',
      requestedBy: `cli:${userInfo().username}`,
      startedAt: expect.stringMatching(/^2026-01-01T00:\d\d:\d\dZ$/),
    });
    const watch = await braid(['rollout', 'watch', id, '--interval', '0.02', '--json'], { fixture });
    expect(watch.code).toBe(0);
    expect(JSON.parse(watch.stdout)).toEqual(JSON.parse((await braid(['rollout', 'status', id, '--json'], { fixture })).stdout));
    expect(watch.stderr.trimEnd().split('\n').at(-1)).toMatch(/^· t\+05:00 {2}PROMOTED/);
  });

  it('start on an unknown target exits 2 with the registry message and starts nothing', async () => {
    const before = await executionNames(fixture);
    const { code, stdout, stderr } = await braid(['rollout', 'start', 'nope:live', '2'], { fixture });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'braid: Target "nope:live" is not registered. Declare it with a RolloutTarget construct (or in the scenario\'s targets) and deploy first.\n',
    );
    expect(await executionNames(fixture)).toEqual(before);
  });

  it.each([
    ['$LATEST', '  newVersion: $LATEST cannot be rolled out: publish a version first (Lambda routes only between published versions)'],
    ['v2', '  newVersion: must be a published version number such as "7"'],
  ])('start with version %s exits 2 naming the field and starts nothing', async (version, issue) => {
    const before = await executionNames(fixture);
    const { code, stderr } = await braid(['rollout', 'start', 'checkout:live', version], { fixture });
    expect(code).toBe(2);
    expect(stderr).toContain('braid: invalid rollout request; nothing was started.\n');
    // One problem, one line: $LATEST is not also reported as "not a version number".
    expect(stderr.split('\n').filter((line) => line.startsWith('  newVersion:'))).toEqual([issue]);
    expect(await executionNames(fixture)).toEqual(before);
  });

  it.each(['status', 'history', 'watch'])('%s of an unknown operation id exits 2 with a clear message', async (command) => {
    const { code, stdout, stderr } = await braid(['rollout', command, '01KDVDRZ60V96Y92WBD2B6DXNZ'], { fixture });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^braid: Operation 01KDVDRZ60V96Y92WBD2B6DXNZ is not known: table "braid-test-\d+-\d+" has no record of it/);
  });

  it('a malformed operation id exits 2 before any call', async () => {
    const { code, stderr } = await braid(['rollout', 'status', 'not-an-id'], { fixture });
    expect(code).toBe(2);
    expect(stderr).toContain('operationId: must be a ULID (26 characters, Crockford base 32, as printed by braid rollout start), got "not-an-id"');
  });

  it('list of an unknown target exits 2', async () => {
    const { code, stderr } = await braid(['rollout', 'list', 'nope:live'], { fixture });
    expect(code).toBe(2);
    expect(stderr).toContain('Target "nope:live" is not registered.');
  });

  it('reads the table and state machine from BRAID_TABLE_NAME and BRAID_ROLLOUT_STATE_MACHINE_ARN', async () => {
    const { sandbox } = fixture;
    const env = { BRAID_TABLE_NAME: sandbox.tableName, BRAID_ROLLOUT_STATE_MACHINE_ARN: sandbox.rolloutStateMachineArn };
    const { code, stdout } = await braid(['rollout', 'status', operationId, '--json', '--endpoint-url', sandbox.endpoint], { env });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).status).toBe('promoted');
  });
});

describe('braid rollout start on a busy target', () => {
  let fixture: RolloutFixture;
  const holder = '01KDVDRZ60V96Y92WBD2B6DXNZ';

  beforeAll(async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { deps, clock } = fixture.sandbox;
    const audit = (kind: AuditRecord['kind'], auditId: string): AuditRecord => ({
      auditId,
      kind,
      operationId: holder,
      targetName: 'checkout:live',
      atMs: clock.nowMs(),
      actor: 'test',
      detail: {},
    });
    // An operation that holds the lease, as a rollout in its bake does.
    await deps.operations.create(
      {
        operationId: holder,
        kind: 'rollout',
        targetName: 'checkout:live',
        newVersion: '2',
        status: 'pending',
        planSteps: 2,
        createdAtMs: clock.nowMs(),
        updatedAtMs: clock.nowMs(),
      },
      audit('operation.created', '01KDVDRZ60V96Y92WBD2B6DXA1'),
    );
    await deps.leases.acquire({
      targetName: 'checkout:live',
      operationId: holder,
      epoch: 1,
      expected: undefined,
      acquiredAtMs: clock.nowMs(),
      expiresAtMs: clock.nowMs() + 3_600_000,
      audit: audit('lease.acquired', '01KDVDRZ60V96Y92WBD2B6DXA2'),
    });
  });
  afterAll(() => fixture?.close());

  it('exits 2 naming the holder and starts nothing', async () => {
    const { code, stdout, stderr } = await braid(['rollout', 'start', 'checkout:live', '2'], { fixture });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`braid: Target "checkout:live" is busy: operation ${holder} holds its lease. Wait for it to finish or abort it, then start again.\n`);
    expect(await executionNames(fixture)).toEqual([]);
  });
});

describe('braid rollout watch on a failing canary', () => {
  let fixture: RolloutFixture;
  beforeAll(async () => {
    fixture = await sandboxFor(exampleScenario('faulty-canary'));
  });
  afterAll(() => fixture?.close());

  it('ends on rolled_back and exits 0', async () => {
    const id = (await braid(['rollout', 'start', 'checkout:live', '2'], { fixture })).stdout.trim();
    const { code, stdout } = await braid(['rollout', 'watch', id, '--interval', '0.02'], { fixture });
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      / {2}ROLLED_BACK {2}step 1 of 3 at 10% {2}gate fail: in ALARM: checkout-live-errors.* {2}outcome: gate fail at step 1$/,
    );
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
  });
});

describe('braid rollout configuration', () => {
  it('exits 2 naming every missing setting and pointing at braid sandbox', async () => {
    const { code, stdout, stderr } = await braid(['rollout', 'start', 'checkout:live', '2']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "braid: Missing configuration: Braid's table name (set --table or BRAID_TABLE_NAME); the rollout state machine's ARN (set --state-machine-arn or BRAID_ROLLOUT_STATE_MACHINE_ARN). " +
        'For a local sandbox, `braid sandbox` prints every variable to export.\n',
    );
  });

  it('asks only for what the command needs', async () => {
    const { code, stderr } = await braid(['rollout', 'status', '01KDVDRZ60V96Y92WBD2B6DXNZ'], { env: { BRAID_TABLE_NAME: 'braid' } });
    expect(code).toBe(2);
    expect(stderr).toContain('(set --state-machine-arn or BRAID_ROLLOUT_STATE_MACHINE_ARN)');
    expect(stderr).not.toContain('BRAID_TABLE_NAME');
  });

  it('exits 2 on a malformed state machine ARN', async () => {
    const { code, stderr } = await braid(['rollout', 'status', '01KDVDRZ60V96Y92WBD2B6DXNZ', '--table', 'braid', '--state-machine-arn', 'braid-rollout']);
    expect(code).toBe(2);
    expect(stderr).toContain('The rollout state machine ARN "braid-rollout" is not a state machine ARN');
  });

  it('exits 2 when no region is configured', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    try {
      const { code, stderr } = await braid(['rollout', 'list', 'checkout:live', '--table', 'braid', '--endpoint-url', 'http://127.0.0.1:9']);
      expect(code).toBe(2);
      expect(stderr).toContain('the AWS region (set --region or AWS_REGION)');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('exits 2 when the endpoint cannot be reached', async () => {
    const { code, stderr } = await braid([
      'rollout',
      'list',
      'checkout:live',
      '--table',
      'braid',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('Cannot reach http://127.0.0.1:9 (ECONNREFUSED)');
  });
});
