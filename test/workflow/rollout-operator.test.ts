import { afterEach, describe, expect, it } from 'vitest';
import { operateRollout } from '../../functions/control/operate-rollout.js';
import type { OperatorAction } from '../../functions/core/operator-commands.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Operator actions on the real ASL: recorded with who and why, applied at the next gate check or at once on a hold. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function runWithActions(f: RolloutFixture, actions: { atSeconds: number; action: OperatorAction; reason: string }[]) {
  const { sandbox } = f;
  const { operationId } = await f.start({ targetName: 'checkout:live', newVersion: '2' });
  const results: string[] = [];
  for (const { atSeconds, action, reason } of actions) {
    while (sandbox.clock.nowMs() < T0 + atSeconds * 1000) await sandbox.clock.sleep(Math.min(10_000, T0 + atSeconds * 1000 - sandbox.clock.nowMs()));
    const result = await operateRollout({ operationId, action, by: 'alice', reason }, sandbox.deps);
    results.push(`${action}:${result.applied}`);
  }
  while (sandbox.stepFunctions.runningExecutions().length > 0) await sandbox.clock.sleep(60_000);
  return { operationId, results, operation: await sandbox.deps.operations.get(operationId), audit: await f.audit(operationId) };
}

describe('operator actions', () => {
  it('aborts at the next gate check during the bake, rolling back with who and why', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', (s) => (s.targets[0].gatePolicy = { checkIntervalSeconds: 60 })));
    const { results, operation, audit } = await runWithActions(fixture, [{ atSeconds: 200, action: 'abort', reason: 'customer escalation' }]);

    expect(results).toEqual(['abort:at-next-check']);
    expect(operation).toMatchObject({ status: 'rolled_back', outcomeReason: 'aborted by alice: customer escalation' });
    const recorded = audit.find((record) => record.kind === 'command.recorded')!;
    const applied = audit.find((record) => record.kind === 'command.applied')!;
    expect(recorded).toMatchObject({ actor: 'user:alice', detail: { action: 'abort', reason: 'customer escalation' } });
    // At the first gate check after the request: within one check interval, well before the bake's end (t+420).
    expect(applied.atMs - recorded.atMs).toBeGreaterThan(0);
    expect(applied.atMs - recorded.atMs).toBeLessThanOrEqual(60_000);
    expect(applied.atMs).toBeLessThan(T0 + 420_000);
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
  });

  it('pauses at the next check, holds the weight, and goes on once resumed', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', (s) => (s.targets[0].gatePolicy = { checkIntervalSeconds: 60 })));
    const { results, operation, audit } = await runWithActions(fixture, [
      { atSeconds: 200, action: 'pause', reason: 'watching a dashboard' },
      { atSeconds: 1200, action: 'resume', reason: 'looks fine' },
    ]);

    expect(results).toEqual(['pause:at-next-check', 'resume:now']);
    expect(operation?.status).toBe('promoted');
    const kinds = audit.map((record) => record.kind);
    expect(kinds.indexOf('hold.requested')).toBeGreaterThan(kinds.indexOf('command.applied'));
    expect(audit.find((record) => record.kind === 'hold.requested')?.detail).toMatchObject({ kind: 'paused', index: 0 });
    // No shift while paused: the promotion comes after the resume.
    const resumed = audit.find((record) => record.kind === 'hold.decided')!;
    const promote = audit.filter((record) => record.kind === 'alias.shift.intended').at(-1)!;
    expect(resumed.detail).toMatchObject({ kind: 'paused', status: 'approved', by: 'alice' });
    expect(promote.atMs).toBeGreaterThanOrEqual(resumed.atMs);
  });

  it('promote --full skips the remaining steps once the current one passes its gate', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', (s) => (s.targets[0].strategy = { preset: 'Linear10PercentEvery3Minutes' })));
    const { results, operation, audit } = await runWithActions(fixture, [{ atSeconds: 400, action: 'promote_full', reason: 'hotfix must land now' }]);

    expect(results).toEqual(['promote_full:at-next-check']);
    expect(operation?.status).toBe('promoted');
    // Every step up to the one running when the request came, then straight to 100% at that step's gate.
    const weights = fixture
      .aliasUpdates()
      .map((update) => (update.functionVersion === '2' ? 100 : Math.round(Number((update.additionalVersionWeights as Record<string, number>)['2']) * 100)));
    const stepsBefore = weights.length - 1;
    expect(weights).toEqual([...Array.from({ length: stepsBefore }, (_, k) => (k + 1) * 10), 100]);
    expect(stepsBefore).toBeLessThan(9);
    const recorded = audit.find((record) => record.kind === 'command.recorded')!;
    const applied = audit.find((record) => record.kind === 'command.applied')!;
    expect(applied.atMs - recorded.atMs).toBeLessThanOrEqual(180_000);
    // The jump to 100% came after a passing verdict on the step it left.
    expect(await fixture.invariants([operation!.operationId])).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });

  it('aborts at once a rollout waiting for approval', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => (s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] })),
    );
    const { results, operation } = await runWithActions(fixture, [{ atSeconds: 300, action: 'abort', reason: 'wrong version' }]);

    expect(results).toEqual(['abort:now']);
    expect(operation).toMatchObject({ status: 'rolled_back', outcomeReason: 'Braid.Aborted: aborted by alice: wrong version' });
    expect(fixture.aliasUpdates()).toEqual([]);
  });

  it('refuses to pause a rollout that already waits for a person, or to resume one that is not paused', async () => {
    fixture = await sandboxFor(
      exampleScenario('healthy-canary', (s) => (s.targets[0].strategy = { steps: [{ weight: 10, bakeSeconds: 300, approval: true }] })),
    );
    const { sandbox } = fixture;
    const { operationId } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    while (!(await sandbox.deps.holds.list(operationId)).some((hold) => hold.status === 'pending')) await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(operateRollout({ operationId, action: 'pause', by: 'alice', reason: 'x' }, sandbox.deps)).rejects.toMatchObject({
      code: 'Braid.CommandRefused',
    });
    await expect(operateRollout({ operationId, action: 'resume', by: 'alice', reason: 'x' }, sandbox.deps)).rejects.toMatchObject({
      code: 'Braid.CommandRefused',
    });
    await operateRollout({ operationId, action: 'reject', by: 'alice', reason: 'done' }, sandbox.deps);
    while (sandbox.stepFunctions.runningExecutions().length > 0) await sandbox.clock.sleep(60_000);
  });
});
