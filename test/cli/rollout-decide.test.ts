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
  const connect = ['--endpoint-url', sandbox.endpoint, '--region', 'us-east-1', '--table', sandbox.table.tableName];
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
  for (let i = 0; i < 200 && !(await fixture.sandbox.table.listHolds(operationId)).some((hold) => hold.status === 'pending'); i += 1) {
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
    expect((await fixture!.sandbox.table.getOperation(operationId))?.status).toBe('awaiting_approval');

    const approved = await braid(['rollout', 'approve', operationId, '--by', 'alice', '--reason', 'CHG-42 signed off']);
    expect(approved).toMatchObject({ code: 0, stdout: `${operationId}: the approval of step 1 approved by alice\n` });
    await runToEnd();

    expect((await fixture!.sandbox.table.getOperation(operationId))?.status).toBe('promoted');
    const decided = (await fixture!.audit(operationId)).find((record) => record.kind === 'hold.decided');
    expect(decided).toMatchObject({ actor: 'user:alice', detail: { status: 'approved', reason: 'CHG-42 signed off' } });
  });

  it('rejects: the rollout ends without moving traffic, and a second decision is refused', async () => {
    const operationId = await awaitingApproval();
    const rejected = await braid(['rollout', 'reject', operationId, '--by', 'bob', '--reason', 'freeze week', '--json']);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ operationId, kind: 'approval', index: 0, status: 'rejected', decidedBy: 'bob', reason: 'freeze week' });
    expect(JSON.parse(rejected.stdout)).not.toHaveProperty('token');
    await runToEnd();

    expect(await fixture!.sandbox.table.getOperation(operationId)).toMatchObject({ status: 'rolled_back', outcomeReason: 'Braid.Rejected: rejected by bob: freeze week' });
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
    expect((await fixture!.sandbox.table.listHolds(operationId)).map((hold) => hold.status)).toEqual(['pending']);
    await braid(['rollout', 'reject', operationId, '--reason', 'clean up']);
    await runToEnd();
  });
});
