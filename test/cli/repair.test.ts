import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `braid …` in-process against the fixture's sandbox, on the sandbox's virtual clock (so the
 * CLI's records and the state machine's agree on time).
 */
async function braid(fixture: RolloutFixture, args: string[], options: { connect?: boolean } = {}): Promise<Run> {
  const { sandbox } = fixture;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const connect = [
    '--endpoint-url',
    sandbox.endpoint,
    '--region',
    'us-east-1',
    '--table',
    sandbox.tableName,
    '--state-machine-arn',
    sandbox.rolloutStateMachineArn,
  ];
  const remediation = options.connect === false ? [] : ['--remediation-state-machine-arn', sandbox.remediationStateMachineArn];
  const code = await main(['node', 'braid', ...args, ...connect, ...remediation], {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    isTTY: false,
    env: {},
    clock: sandbox.clock,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function remediationArn(fixture: RolloutFixture, operationId: string): string {
  return `${fixture.sandbox.remediationStateMachineArn.replace(':stateMachine:', ':execution:')}:${operationId}`;
}

async function remediationExecutions(fixture: RolloutFixture): Promise<string[]> {
  const { executions } = await fixture.sandbox.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: fixture.sandbox.remediationStateMachineArn }));
  return (executions ?? []).map((execution) => execution.name!);
}

async function remediations(fixture: RolloutFixture): Promise<string[]> {
  return (await fixture.sandbox.deps.operations.listForTarget('checkout:live'))
    .filter((record) => record.kind === 'remediation')
    .map((record) => record.operationId);
}

/** A healthy canary whose target rolls back when `checkout-live-errors` fires, with version 2 promoted (1 is then its last known good). */
async function promotedWithRunbook(runbook: Record<string, unknown> = {}): Promise<RolloutFixture> {
  const fixture = await sandboxFor(
    exampleScenario('healthy-canary', (s) => {
      s.targets[0].remediation = { alarmNames: ['checkout-live-errors'], action: 'rollback', ...runbook };
    }),
  );
  const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
  await fixture.sandbox.stepFunctions.waitForExecution(`${fixture.sandbox.rolloutStateMachineArn.replace(':stateMachine:', ':execution:')}:${operationId}`);
  return fixture;
}

describe('braid repair: a rollback by hand after a promotion', () => {
  let fixture: RolloutFixture;
  let repair: Run;
  let operationId: string;

  beforeAll(async () => {
    fixture = await promotedWithRunbook();
    repair = await braid(fixture, ['repair', 'checkout:live', '--by', 'alice', '--reason', 'checkout errors after release 2']);
    operationId = repair.stdout.trim();
    await fixture.sandbox.stepFunctions.waitForExecution(remediationArn(fixture, operationId));
  });
  afterAll(() => fixture?.close());

  it('prints the operation id on stdout, and the decision and how to follow it on stderr', () => {
    expect(repair.code).toBe(0);
    expect(operationId).toMatch(ULID);
    expect(repair.stdout).toBe(`${operationId}\n`);
    expect(repair.stderr).toMatch(
      new RegExp(
        `^· repair of checkout:live decided auto_repair \\(allowed\\) — .+; started; follow it with: braid rollout watch ${operationId} \\(trail: braid rollout history ${operationId}\\)\\n$`,
      ),
    );
  });

  it('runs the remediation state machine to convergence: the alias is back on the last known good version', async () => {
    expect(fixture.sandbox.stepFunctions.describeExecution(remediationArn(fixture, operationId)).status).toBe('SUCCEEDED');
    expect(await fixture.sandbox.deps.operations.get(operationId)).toMatchObject({
      kind: 'remediation',
      trigger: 'manual',
      action: 'rollback',
      status: 'converged',
      requestedBy: 'alice',
      decision: 'auto_repair',
    });
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
  });

  it('rollout status shows the remediation: trigger and action, decision, outcome, timings', async () => {
    const { code, stdout } = await braid(fixture, ['rollout', 'status', operationId]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`remediation ${operationId} of checkout:live (manual → rollback)`);
    expect(lines[1]).toMatch(/^ {2}status {5}CONVERGED — alias moved to version 1: the alarm has been OK for \d+ s/);
    expect(lines[2]).toMatch(/^ {2}decision {3}auto_repair \(allowed\) — /);
    expect(lines[3]).toBe('  requested  by alice — "checkout errors after release 2"');
    expect(lines[4]).toMatch(/^ {2}timings {4}mitigate 0 s · converge 30\d s$/);
    expect(lines.at(-1)).toBe(`  execution  SUCCEEDED ${remediationArn(fixture, operationId)}`);
    expect(stdout).not.toContain('duplicates');
  });

  it('rollout status --json gives the same data', async () => {
    const { code, stdout } = await braid(fixture, ['rollout', 'status', operationId, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      operationId,
      kind: 'remediation',
      targetName: 'checkout:live',
      status: 'converged',
      ended: true,
      remediation: {
        trigger: 'manual',
        action: 'rollback',
        decision: { decision: 'auto_repair', rule: 'allowed' },
        duplicatesSuppressed: 0,
        timings: { mitigateSeconds: 0 },
      },
      execution: { arn: remediationArn(fixture, operationId), status: 'SUCCEEDED' },
    });
  });

  it('rollout history reads the remediation trail in words', async () => {
    const { code, stdout } = await braid(fixture, ['rollout', 'history', operationId]);
    expect(code).toBe(0);
    const text = stdout.replace(/^\S+\s+\S+\s+\S+\s+(-|epoch \d+)\s+/gm, '');
    expect(text).toContain('repair rollback requested by alice: checkout errors after release 2\n');
    expect(text).toMatch(/^decided auto_repair \(allowed\): /m);
    expect(text).toContain('repair: alias 2 → 1\n');
    expect(text).toMatch(/^convergence check \d: converged — The alarm has been OK for \d+ s/m);
    expect(text).not.toMatch(/^\{/m);
  });

  it('rollout watch ends at once on the ended remediation', async () => {
    const { code, stdout } = await braid(fixture, ['rollout', 'watch', operationId, '--interval', '0.02']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^t\+\d\d:\d\d {2}CONVERGED {2}rollback {2}decided auto_repair {2}outcome: alias moved to version 1/);
  });

  it('rollout list names the repair', async () => {
    const { stdout } = await braid(fixture, ['rollout', 'list', 'checkout:live']);
    expect(stdout.split('\n')[0]).toMatch(/^OPERATION +STATUS +CHANGE +CREATED +OUTCOME \/ STEP$/);
    expect(stdout).toMatch(new RegExp(`^${operationId} +converged +repair rollback +`, 'm'));
  });

  it('rollout pause of a remediation is refused', async () => {
    const { code, stderr } = await braid(fixture, ['rollout', 'pause', operationId, '--reason', 'x']);
    expect(code).toBe(2);
    expect(stderr).toContain(`Operation ${operationId} is a remediation: only approve and reject apply to it`);
  });
});

describe('braid repair: bad input starts nothing', () => {
  let fixture: RolloutFixture;
  beforeAll(async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].remediation = { alarmNames: ['checkout-live-errors'], action: 'rollback' };
      }),
    );
  });
  afterAll(() => fixture?.close());

  it.each([
    ['an unknown target', ['repair', 'nope:live', '--reason', 'x'], 'braid: Target "nope:live" is not registered.'],
    [
      'an unknown action',
      ['repair', 'checkout:live', '--action', 'reboot', '--reason', 'x'],
      "error: option '--action <action>' argument 'reboot' is invalid. Allowed choices are rollback, shift_canary_to_zero, throttle, invoke_runbook, notify.",
    ],
    ['no reason', ['repair', 'checkout:live'], "error: required option '--reason <text>' not specified"],
    ['a blank reason', ['repair', 'checkout:live', '--reason', ' '], 'reason: must say why'],
    [
      'throttle without a concurrency',
      ['repair', 'checkout:live', '--action', 'throttle', '--reason', 'x'],
      '--concurrency: is required for the throttle action',
    ],
    [
      'a concurrency with another action',
      ['repair', 'checkout:live', '--action', 'rollback', '--concurrency', '5', '--reason', 'x'],
      '--concurrency: is only for the throttle action',
    ],
    ['a negative concurrency', ['repair', 'checkout:live', '--action', 'throttle', '--concurrency', '-1', '--reason', 'x'], 'must be a whole number >= 0'],
  ])('%s exits 2 naming the problem', async (_case, args, message) => {
    const { code, stdout, stderr } = await braid(fixture, args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(await remediationExecutions(fixture)).toEqual([]);
    expect(await remediations(fixture)).toEqual([]);
  });

  it('without the remediation state machine it exits 2 naming the flag and the variable', async () => {
    const { code, stderr } = await braid(fixture, ['repair', 'checkout:live', '--reason', 'x'], { connect: false });
    expect(code).toBe(2);
    expect(stderr).toContain("the remediation state machine's ARN (set --remediation-state-machine-arn or BRAID_REMEDIATION_STATE_MACHINE_ARN)");
    expect(await remediations(fixture)).toEqual([]);
  });

  it('rollout status of a remediation without the remediation state machine says what is missing', async () => {
    const ignored = await braid(fixture, ['repair', 'checkout:live', '--reason', 'no known good: escalates'], { connect: true });
    const id = ignored.stdout.trim();
    await fixture.sandbox.stepFunctions.waitForExecution(remediationArn(fixture, id));
    const { code, stderr } = await braid(fixture, ['rollout', 'status', id], { connect: false });
    expect(code).toBe(2);
    expect(stderr).toContain('BRAID_REMEDIATION_STATE_MACHINE_ARN');
    // Without a last known good version, a rollback escalates.
    expect((await braid(fixture, ['rollout', 'status', id, '--json'])).stdout).toContain('"status": "escalated"');
  });
});

describe('braid killswitch and breaker', () => {
  let fixture: RolloutFixture;
  beforeAll(async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].remediation = { alarmNames: ['checkout-live-errors'], action: 'rollback' };
      }),
    );
  });
  afterAll(() => fixture?.close());

  it('status shows every switch off at first', async () => {
    const { code, stdout } = await braid(fixture, ['killswitch', 'status', '--target', 'checkout:live']);
    expect(code).toBe(0);
    expect(stdout).toBe('global         off\ncheckout:live  off\n');
  });

  it('on: a repair is ignored, says why, and starts nothing; off allows repairs again', async () => {
    const on = await braid(fixture, ['killswitch', 'on', '--by', 'alice', '--reason', 'game day']);
    expect(on.code).toBe(0);
    expect(on.stdout).toBe('kill switch (global) on by alice: game day\n');
    expect(on.stderr).toContain('audited: braid rollout history control');

    const status = await braid(fixture, ['killswitch', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toEqual({
      switches: [{ scope: 'global', state: 'on', by: 'alice', reason: 'game day', since: expect.stringMatching(/^2026-01-01T/) }],
    });

    const repair = await braid(fixture, ['repair', 'checkout:live', '--action', 'shift_canary_to_zero', '--reason', 'try it', '--json']);
    expect(repair.code).toBe(0);
    const document = JSON.parse(repair.stdout);
    expect(document).toMatchObject({ targetName: 'checkout:live', outcome: 'ignored', decision: { decision: 'ignore', rule: 'kill_switch' } });
    expect(document.decision.reason).toContain('alice');
    expect(repair.stderr).toContain('repair of checkout:live decided ignore (kill_switch) — ');
    expect(repair.stderr).toContain('nothing was started');
    expect(await remediationExecutions(fixture)).toEqual([]);
    expect(await fixture.sandbox.deps.operations.get(document.operationId)).toMatchObject({ status: 'ignored' });

    const history = await braid(fixture, ['rollout', 'history', 'control']);
    expect(history.stdout).toMatch(/killswitch\.changed +user:alice +- +kill switch \(global\) on by alice: game day\n$/);

    const off = await braid(fixture, ['killswitch', 'off', '--by', 'alice', '--reason', 'done']);
    expect(off.stdout).toBe('kill switch (global) off by alice: done\n');
    expect((await braid(fixture, ['killswitch', 'status'])).stdout).toBe('global         off\n');
  });

  it("a target's switch is shown with the global one; an unknown target exits 2", async () => {
    await braid(fixture, ['killswitch', 'on', '--target', 'checkout:live', '--by', 'bob', '--reason', 'migration']);
    const { stdout } = await braid(fixture, ['killswitch', 'status', '--target', 'checkout:live']);
    expect(stdout).toMatch(/^global {9}off\ncheckout:live {2}ON since 2026-01-01T\d\d:\d\d:\d\dZ by bob: migration\n$/);
    const unknown = await braid(fixture, ['killswitch', 'on', '--target', 'nope:live', '--reason', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Target "nope:live" is not registered.');
    const missing = await braid(fixture, ['killswitch', 'off']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
    await braid(fixture, ['killswitch', 'off', '--target', 'checkout:live', '--reason', 'migration done']);
  });

  it('breaker status, and reset audited with who and why', async () => {
    const status = await braid(fixture, ['breaker', 'status', 'checkout:live']);
    expect(status).toMatchObject({ code: 0, stdout: 'breaker of checkout:live: closed, 0 failed repair(s) in a row\n' });

    const reset = await braid(fixture, ['breaker', 'reset', 'checkout:live', '--by', 'carol', '--reason', 'runbook fixed']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toBe('breaker of checkout:live closed by carol (was closed, 0 failed repair(s) in a row): runbook fixed\n');
    const audit = await fixture.sandbox.deps.audit.list('control:checkout:live');
    expect(audit.find((record) => record.kind === 'breaker.changed')).toMatchObject({
      kind: 'breaker.changed',
      actor: 'user:carol',
      detail: { reset: true, by: 'carol', reason: 'runbook fixed', open: false, consecutiveFailures: 0 },
    });
    const history = await braid(fixture, ['rollout', 'history', 'control:checkout:live']);
    expect(history.stdout).toContain('breaker reset by carol (was closed, 0 failure(s) in a row): runbook fixed\n');

    const json = await braid(fixture, ['breaker', 'status', 'checkout:live', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ targetName: 'checkout:live', breaker: { consecutiveFailures: 0, open: false } });
    const unknown = await braid(fixture, ['breaker', 'reset', 'nope:live', '--reason', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Target "nope:live" is not registered.');
  });
});

describe('braid repair --wait and approvals', () => {
  let fixture: RolloutFixture;
  afterAll(() => fixture?.close());

  it('--wait follows a throttle to its end and prints the final status', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].remediation = { alarmNames: ['checkout-live-errors'], action: 'rollback' };
      }),
    );
    const { code, stdout, stderr } = await braid(fixture, [
      'repair',
      'checkout:live',
      '--action',
      'throttle',
      '--concurrency',
      '5',
      '--reason',
      'shed load',
      '--wait',
      '--interval',
      '0.02',
    ]);
    expect(code).toBe(0);
    const [id, ...status] = stdout.trimEnd().split('\n');
    expect(id).toMatch(ULID);
    expect(status[0]).toBe(`remediation ${id} of checkout:live (manual → throttle)`);
    expect(status[1]).toMatch(/^ {2}status {5}CONVERGED — reserved concurrency set to 5: the alarm has been OK for /);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^· t\+\d\d:\d\d {2}CONVERGED {2}throttle/);
    const history = await braid(fixture, ['rollout', 'history', id!]);
    expect(history.stdout).toContain('repair: reserved concurrency none → 5\n');
  });

  it('--json --wait prints one document with the final view', async () => {
    const { code, stdout } = await braid(fixture, [
      'repair',
      'checkout:live',
      '--action',
      'throttle',
      '--concurrency',
      '7',
      '--reason',
      'shed more',
      '--wait',
      '--interval',
      '0.02',
      '--json',
    ]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({
      outcome: 'started',
      decision: { decision: 'auto_repair' },
      final: { kind: 'remediation', status: 'converged', ended: true },
    });
  });

  it('braid approve decides a repair that waits for approval', async () => {
    await fixture.close();
    fixture = await promotedWithRunbook({ requireApproval: true });
    const repair = await braid(fixture, ['repair', 'checkout:live', '--reason', 'roll back release 2']);
    const id = repair.stdout.trim();
    expect(repair.stderr).toContain(`decided needs_approval (approval_required) — `);
    expect(repair.stderr).toContain(`it waits for: braid approve ${id} --reason`);
    for (let i = 0; i < 200 && !(await fixture.sandbox.deps.holds.list(id)).some((hold) => hold.status === 'pending'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));

    const approved = await braid(fixture, ['approve', id, '--by', 'alice', '--reason', 'go']);
    expect(approved).toMatchObject({ code: 0, stdout: `${id}: the approval of the repair approved by alice\n` });
    await fixture.sandbox.stepFunctions.waitForExecution(remediationArn(fixture, id));
    expect(await fixture.sandbox.deps.operations.get(id)).toMatchObject({ status: 'converged' });
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
  });
});
