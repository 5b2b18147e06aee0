import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function braid(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const sandbox = fixture!.sandbox;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const connect = ['--endpoint-url', sandbox.endpoint, '--region', 'us-east-1', '--table', sandbox.tableName];
  const code = await main(['node', 'braid', ...args, ...connect], {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    isTTY: false,
    env: {},
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** A sandbox whose virtual clock starts now (the CLI checks approval deadlines against the wall clock), with an approval before the first step. */
async function awaitingApproval(): Promise<string> {
  fixture = await sandboxFor(
    exampleScenario('healthy-canary', (s) => {
      s.startTime = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
      s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] };
    }),
  );
  const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
  for (let i = 0; i < 200 && !(await fixture.sandbox.deps.holds.list(operationId)).some((hold) => hold.status === 'pending'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return operationId;
}

async function runToEnd(): Promise<void> {
  const { sandbox } = fixture!;
  while (sandbox.stepFunctions.runningExecutions().length > 0) await sandbox.clock.sleep(60_000);
}

describe('braid rollout approve|reject', () => {
  it('approves the pending approval point; the rollout goes on and the trail says who and why', async () => {
    const operationId = await awaitingApproval();
    expect((await fixture!.sandbox.deps.operations.get(operationId))?.status).toBe('awaiting_approval');

    // `braid approve` is the short form of `braid rollout approve`.
    const approved = await braid(['approve', operationId, '--by', 'alice', '--reason', 'CHG-42 signed off']);
    expect(approved).toMatchObject({ code: 0, stdout: `${operationId}: the approval of step 1 approved by alice\n` });
    await runToEnd();

    expect((await fixture!.sandbox.deps.operations.get(operationId))?.status).toBe('promoted');
    const decided = (await fixture!.audit(operationId)).find((record) => record.kind === 'hold.decided');
    expect(decided).toMatchObject({ actor: 'user:alice', detail: { status: 'approved', reason: 'CHG-42 signed off' } });
  });

  it('rejects: the rollout ends without moving traffic, and a second decision is refused', async () => {
    const operationId = await awaitingApproval();
    const rejected = await braid(['rollout', 'reject', operationId, '--by', 'bob', '--reason', 'freeze week', '--json']);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({
      operationId,
      applied: 'now',
      action: 'reject',
      hold: { kind: 'approval', index: 0, status: 'rejected', decidedBy: 'bob', reason: 'freeze week' },
    });
    expect(JSON.parse(rejected.stdout).hold).not.toHaveProperty('token');
    await runToEnd();

    expect(await fixture!.sandbox.deps.operations.get(operationId)).toMatchObject({
      status: 'rolled_back',
      outcomeReason: 'Braid.Rejected: rejected by bob: freeze week',
    });
    expect(fixture!.aliasUpdates()).toEqual([]);
    const again = await braid(['rollout', 'approve', operationId, '--reason', 'oops']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`Operation ${operationId} is not waiting for an approval or a decision`);
  });

  it('exits 2 without a reason, and changes nothing', async () => {
    const operationId = await awaitingApproval();
    const missing = await braid(['rollout', 'approve', operationId]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
    expect((await fixture!.sandbox.deps.holds.list(operationId)).map((hold) => hold.status)).toEqual(['pending']);
    await braid(['rollout', 'reject', operationId, '--reason', 'clean up']);
    await runToEnd();
  });
});

describe('braid rollout abort|pause|resume|promote|retry', () => {
  it('records an abort for the next gate check, then retries the rolled-back operation as a new one', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.startTime = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
        s.targets[0].gatePolicy = { checkIntervalSeconds: 60 };
      }),
    );
    const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    // Abort a rollout that is under way: once its first step is baking.
    const currentStep = async () => {
      const record = await fixture!.sandbox.deps.operations.get(operationId);
      return record?.kind === 'rollout' ? record.currentStep : undefined;
    };
    while ((await currentStep()) === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    const aborted = await braid(['rollout', 'abort', operationId, '--by', 'carol', '--reason', 'pager went off']);
    expect(aborted).toMatchObject({ code: 0, stdout: `${operationId}: abort recorded by carol; applied at the rollout's next gate check\n` });
    await runToEnd();
    expect(await fixture!.sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'rolled_back', outcomeReason: 'aborted by carol: pager went off' });

    const sandbox = fixture!.sandbox;
    const retried = await main(
      [
        'node',
        'braid',
        'rollout',
        'retry',
        operationId,
        '--json',
        '--endpoint-url',
        sandbox.endpoint,
        '--region',
        'us-east-1',
        '--table',
        sandbox.tableName,
        '--state-machine-arn',
        sandbox.rolloutStateMachineArn,
      ],
      {
        stdout: { write: (text: string) => retryOut.push(text) },
        stderr: { write: () => undefined },
        isTTY: false,
        env: {},
      },
    );
    expect(retried).toBe(0);
    const started = JSON.parse(retryOut.join(''));
    expect(started).toMatchObject({ retryOf: operationId, targetName: 'checkout:live', newVersion: '2' });
    await runToEnd();
    expect(await fixture!.sandbox.deps.operations.get(started.operationId)).toMatchObject({ status: 'promoted', reason: `retry of ${operationId}` });
  });

  it('refuses to retry a promoted operation, and to resume one that is not paused', async () => {
    const operationId = await awaitingApproval();
    expect((await braid(['rollout', 'resume', operationId, '--reason', 'go'])).stderr).toContain('is not paused');
    await braid(['rollout', 'promote', operationId, '--reason', 'looks good']);
    await runToEnd();
    const sandbox = fixture!.sandbox;
    const errors: string[] = [];
    const code = await main(
      [
        'node',
        'braid',
        'rollout',
        'retry',
        operationId,
        '--endpoint-url',
        sandbox.endpoint,
        '--region',
        'us-east-1',
        '--table',
        sandbox.tableName,
        '--state-machine-arn',
        sandbox.rolloutStateMachineArn,
      ],
      {
        stdout: { write: () => undefined },
        stderr: { write: (text: string) => errors.push(text) },
        isTTY: false,
        env: {},
      },
    );
    expect(code).toBe(2);
    expect(errors.join('')).toContain('is promoted; only an operation that ended without promoting');
  });
});

const retryOut: string[] = [];
