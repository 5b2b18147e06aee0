import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Tasks crashing mid-rollout: never a half-shifted alias without a flagged operation. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('rollout under task faults', () => {
  it('retries a transient Lambda failure and carries on', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    fixture.sandbox.faults.inject('decide', { errorName: 'Lambda.ServiceException', message: 'throttled', times: 2 });
    const { operation, executionArn } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation?.status).toBe('promoted');
    expect(fixture.sandbox.stepFunctions.describeExecutionStats(executionArn).byState.Decide).toBe(5); // 3 decisions + 2 retries
  });

  it('rolls back when the gate task crashes mid-step, leaving the alias wholly on the stable version', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    // The first decision plans the 10% step; the second, judging it after its bake, crashes.
    fixture.sandbox.faults.inject('decide', { errorName: 'TypeError', message: 'Cannot read properties of undefined', after: 1 });
    const { operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation).toMatchObject({ status: 'rolled_back', outcomeReason: 'TypeError: Cannot read properties of undefined' });
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
    expect(await fixture.invariants([operation!.operationId])).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });

  it('flags the operation for a human when compensation itself crashes, never leaving a silent half-shift', async () => {
    fixture = await sandboxFor(exampleScenario('faulty-canary'));
    fixture.sandbox.faults.inject('plan-restore', { errorName: 'Error', message: 'DynamoDB unreachable', times: 5 });
    const { operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation).toMatchObject({ status: 'needs_human', outcomeReason: 'compensation failed: Error' });
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: { '2': 0.1 } });
    expect(audit.at(-1)?.kind).toBe('lease.released');
    expect(await fixture.invariants([operation!.operationId])).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });

  it('rolls back gradually when the target asks for it, each step audited and fenced', async () => {
    fixture = await sandboxFor(exampleScenario('faulty-canary', (s) => (s.targets[0].rollbackPolicy = { gradualSteps: 2, stepSeconds: 60 })));
    const { operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation?.status).toBe('rolled_back');
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: { '2': 0.066667 } },
      { functionVersion: '1', additionalVersionWeights: { '2': 0.033333 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    const restores = audit.filter((record) => record.kind === 'alias.restore.intended');
    expect(restores.map((record) => record.atMs - restores[0]!.atMs)).toEqual([0, 60_000, 120_000]);
    expect(await fixture.invariants([operation!.operationId])).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });
});
