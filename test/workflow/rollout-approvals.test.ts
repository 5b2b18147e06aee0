import { afterEach, describe, expect, it } from 'vitest';
import { resolveHold } from '../../functions/control/resolve-hold.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Approval points and pauses on the real ASL: `.waitForTaskToken` holds resolved by people, timeouts and the gate watcher. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const kinds = (audit: { kind: string }[]) => audit.map((record) => record.kind);

/** Runs a rollout, deciding its hold(s) at the given scenario times; the clock keeps moving until it ends. */
async function runWithDecisions(f: RolloutFixture, decisions: { atSeconds: number; decision: 'approve' | 'reject'; reason: string }[]) {
  const { sandbox } = f;
  const { operationId, executionArn } = await f.start({ targetName: 'checkout:live', newVersion: '2' });
  const outcomes: string[] = [];
  for (const { atSeconds, decision, reason } of decisions) {
    while (sandbox.clock.nowMs() < T0 + atSeconds * 1000) await sandbox.clock.sleep(Math.min(60_000, T0 + atSeconds * 1000 - sandbox.clock.nowMs()));
    const hold = await resolveHold({ operationId, decision, by: 'alice', reason }, sandbox.deps);
    outcomes.push(`${hold.kind}:${hold.index}:${hold.status}`);
  }
  while (sandbox.stepFunctions.runningExecutions().length > 0) await sandbox.clock.sleep(60_000);
  const execution = await sandbox.stepFunctions.waitForExecution(executionArn);
  return { operationId, execution, outcomes, operation: await sandbox.deps.operations.get(operationId), audit: await f.audit(operationId) };
}

describe('rollout approvals', () => {
  it('waits for approval before the first step, and goes on once a person approves', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => (s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] })),
    );
    const { outcomes, operation, audit } = await runWithDecisions(fixture, [{ atSeconds: 600, decision: 'approve', reason: 'change ticket CHG-42' }]);

    expect(outcomes).toEqual(['approval:0:approved']);
    expect(operation?.status).toBe('promoted');
    expect(kinds(audit).slice(0, 6)).toEqual([
      'operation.created',
      'lease.acquired',
      'alias.snapshot',
      'hold.requested',
      'hold.decided',
      'alias.shift.intended',
    ]);
    const decided = audit.find((record) => record.kind === 'hold.decided')!;
    expect(decided).toMatchObject({
      actor: 'user:alice',
      atMs: T0 + 600_000,
      detail: { status: 'approved', by: 'alice', reason: 'change ticket CHG-42', kind: 'approval', index: 0 },
    });
    // No traffic moved before the approval.
    const firstShift = audit.find((record) => record.kind === 'alias.shift.intended')!;
    expect(firstShift.atMs).toBeGreaterThanOrEqual(decided.atMs);
  });

  it('keeps its lease through a wait longer than its bakes', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] };
        s.targets[0].approvalPolicy = { timeoutSeconds: 7200 };
      }),
    );
    const { sandbox } = fixture;
    const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    while (!(await sandbox.deps.holds.list(operationId)).some((hold) => hold.status === 'pending')) await new Promise((resolve) => setTimeout(resolve, 20));
    const [hold] = await sandbox.deps.holds.list(operationId);
    const lease = await sandbox.deps.leases.get('checkout:live');
    expect(lease?.holder).toBe(operationId);
    expect(lease!.expiresAtMs!).toBeGreaterThan(hold!.expiresAtMs);
    await resolveHold({ operationId, decision: 'approve', by: 'alice', reason: 'ok' }, sandbox.deps);
    while (sandbox.stepFunctions.runningExecutions().length > 0) await sandbox.clock.sleep(60_000);
    expect((await sandbox.deps.operations.get(operationId))?.status).toBe('promoted');
  });

  it('rolls back when a person rejects the promotion', async () => {
    fixture = await sandboxFor(
      exampleScenario(
        'healthy-canary',
        (s) =>
          (s.targets[0].strategy = {
            steps: [
              { weight: 10, bakeSeconds: 300 },
              { weight: 100, bakeSeconds: 0, approval: true },
            ],
          }),
      ),
    );
    const { outcomes, execution, operation } = await runWithDecisions(fixture, [
      { atSeconds: 900, decision: 'reject', reason: 'error budget spent this week' },
    ]);

    expect(outcomes).toEqual(['approval:1:rejected']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Braid.RolledBack' });
    expect(operation).toMatchObject({ status: 'rolled_back', outcomeReason: 'Braid.Rejected: rejected by alice: error budget spent this week' });
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
  });

  it('applies the timeout default: reject, unless the target approves on timeout', async () => {
    const scenario = (onTimeout: 'reject' | 'approve') =>
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] };
        s.targets[0].approvalPolicy = { timeoutSeconds: 900, onTimeout };
      });
    fixture = await sandboxFor(scenario('reject'));
    const rejected = await runWithDecisions(fixture, []);
    expect(rejected.operation).toMatchObject({
      status: 'rolled_back',
      outcomeReason: expect.stringContaining('Braid.HoldTimedOut: Nobody approved step 1 within 900 s'),
    });
    expect(rejected.audit.find((record) => record.kind === 'hold.decided')).toMatchObject({ atMs: T0 + 120_000 + 900_000, detail: { status: 'timed_out' } });
    expect(fixture.aliasUpdates()).toEqual([]);
    await fixture.close();

    fixture = await sandboxFor(scenario('approve'));
    const approved = await runWithDecisions(fixture, []);
    expect(approved.operation?.status).toBe('promoted');
  });

  it('rolls back at once when a gate alarm fires while the rollout waits for approval', async () => {
    fixture = await sandboxFor(
      exampleScenario('faulty-canary', (s) => {
        // The canary fails 30% of its requests; the alarm needs 3 breaching minutes, so the 1-minute step passes first.
        s.targets[0].alarms[0].evaluationPeriods = 3;
        s.targets[0].strategy = {
          steps: [
            { weight: 10, bakeSeconds: 60 },
            { weight: 100, bakeSeconds: 0, approval: true },
          ],
        };
      }),
    );
    const { outcomes, operation, audit } = await runWithDecisions(fixture, []);

    expect(outcomes).toEqual([]);
    expect(operation).toMatchObject({
      status: 'rolled_back',
      outcomeReason: expect.stringContaining('Braid.GateFailed: gate alarm checkout-live-errors went to ALARM'),
    });
    const decided = audit.find((record) => record.kind === 'hold.decided')!;
    expect(decided).toMatchObject({ actor: 'braid:gate-watch', detail: { status: 'gate_failed', kind: 'approval', index: 1 } });
    // At once: minutes after the request, not at the approval timeout.
    const requested = audit.find((record) => record.kind === 'hold.requested')!;
    expect(decided.atMs - requested.atMs).toBeLessThanOrEqual(180_000);
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
  });

  it('pauses for a person when a step stays inconclusive, and judges it afresh once resumed', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => {
        s.targets[0].trafficPerSecond = 0.05;
        s.targets[0].gatePolicy = { minInvocations: 10, maxInconclusive: 1, recheckSeconds: 60 };
        s.targets[0].approvalPolicy = { timeoutSeconds: 600 };
      }),
    );
    const { outcomes, operation, audit } = await runWithDecisions(fixture, [
      { atSeconds: 700, decision: 'approve', reason: 'traffic is low at night; look again' },
    ]);

    expect(outcomes).toEqual(['inconclusive:0:approved']);
    const verdicts = audit.filter((record) => record.kind === 'gate.verdict').map(({ detail }) => [detail.attempt, detail.verdict, detail.next]);
    expect(verdicts).toEqual([
      [1, 'inconclusive', 'recheck'],
      [2, 'inconclusive', 'hold'],
      [1, 'inconclusive', 'recheck'],
      [2, 'inconclusive', 'hold'],
    ]);
    expect(operation).toMatchObject({ status: 'rolled_back', outcomeReason: expect.stringContaining('Nobody resumed step 1') });
    expect(fixture.aliasUpdates().filter((update) => update.functionVersion === '2')).toEqual([]);
  });
});
