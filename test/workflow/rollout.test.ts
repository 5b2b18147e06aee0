import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/**
 * The real rollout ASL executed by the sandbox's Step Functions, with the real task handlers,
 * the Lambda and CloudWatch emulators and DynamoDB Local.
 */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const kinds = (audit: { kind: string }[]) => audit.map((record) => record.kind);

describe('rollout state machine', () => {
  it('promotes a healthy version step by step, auditing each change before it happens', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { execution, operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(execution.status).toBe('SUCCEEDED');
    expect(operation).toMatchObject({ status: 'promoted', stableVersion: '1', newVersion: '2' });
    expect(await fixture.alias()).toEqual({ functionVersion: '2', additionalVersionWeights: {} });
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '2', additionalVersionWeights: {} },
    ]);
    expect(kinds(audit)).toEqual([
      'operation.created',
      'lease.acquired',
      'alias.snapshot',
      'alias.shift.intended',
      'gate.verdict',
      'alias.shift.intended',
      'gate.verdict',
      'known_good.recorded',
      'operation.finished',
      'lease.released',
    ]);
    expect(audit.find((record) => record.kind === 'known_good.recorded')?.detail).toMatchObject({ current: '2', lastKnownGood: '1' });
    expect(await fixture.sandbox.deps.leases.get('checkout:live')).toMatchObject({ epoch: 1 });
    expect(await fixture.sandbox.deps.leases.get('checkout:live')).not.toHaveProperty('holder');
  });

  it('rolls back in the failing step when the gate alarm fires, leaving the alias wholly on the stable version', async () => {
    fixture = await sandboxFor(exampleScenario('faulty-canary'));
    const { execution, operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Braid.RolledBack', cause: 'gate fail at step 1' });
    expect(operation).toMatchObject({ status: 'rolled_back', lastVerdict: 'fail' });
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    const verdict = audit.find((record) => record.kind === 'gate.verdict');
    expect(verdict?.detail).toMatchObject({ step: 0, verdict: 'fail', alarms: [{ name: 'checkout-live-errors', state: 'ALARM' }] });
    expect(kinds(audit)).toEqual([
      'operation.created',
      'lease.acquired',
      'alias.snapshot',
      'alias.shift.intended',
      'gate.verdict',
      'alias.restore.intended',
      'operation.finished',
      'lease.released',
    ]);
  });

  it('refuses a second rollout on a busy target and never lets both mutate', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', (s) => (s.targets[0].versions['3'] = s.targets[0].versions['2'])));
    const first = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    const second = await fixture.start({ targetName: 'checkout:live', newVersion: '3' });
    const [a, b] = await Promise.all([first, second].map((run) => fixture!.sandbox.stepFunctions.waitForExecution(run.executionArn)));

    const outcomes = [a!, b!].map((execution) => execution.error ?? execution.status).sort();
    expect(outcomes).toEqual(['SUCCEEDED', 'refused']);
    const refused = a!.status === 'SUCCEEDED' ? second : first;
    expect(await fixture.sandbox.deps.operations.get(refused.operationId)).toMatchObject({
      status: 'refused',
      outcomeReason: expect.stringContaining('is busy'),
    });
    expect(kinds(await fixture.audit(refused.operationId))).toEqual(['operation.created', 'lease.refused', 'operation.finished']);
    expect((await fixture.alias()).additionalVersionWeights).toEqual({});
  });

  it('stops and flags the operation for a human when someone else changes the alias mid-rollout', async () => {
    fixture = await sandboxFor(
      exampleScenario('faulty-canary', (s) => {
        s.targets[0].versions['2'].errorRate = 0.001;
        s.targets[0].versions['3'] = s.targets[0].versions['2'];
      }),
    );
    const { sandbox } = fixture;
    let meddled = false;
    sandbox.clock.onAdvance(async (_from, to) => {
      // Another actor moves the canary to version 3 during the first bake.
      if (!meddled && to >= Date.parse('2026-01-01T00:04:00Z')) {
        meddled = true;
        await sandbox.clients.lambda.send(
          new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '3': 0.2 } } }),
        );
      }
    });
    const { execution, operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(meddled).toBe(true);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'needs_human' });
    expect(operation?.status).toBe('needs_human');
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: { '3': 0.2 } });
    const flagged = audit.find((record) => record.kind === 'operation.flagged');
    expect(flagged?.detail).toMatchObject({
      reason: expect.stringContaining('was not set by this rollout'),
      currentAlias: { additionalVersionWeights: { '3': 0.2 } },
    });
    expect(kinds(audit)).not.toContain('alias.restore.intended');
  });

  it.each([
    ['an unknown target', { targetName: 'cart:live', newVersion: '2' }, 'Braid.UnknownTarget'],
    ['$LATEST', { targetName: 'checkout:live', newVersion: '$LATEST' }, 'Braid.InvalidInput'],
    ['an unknown field', { targetName: 'checkout:live', newVersion: '2', force: true }, 'Braid.InvalidInput'],
  ])('rejects %s with a typed error and changes nothing', async (_case, input, error) => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const before = fixture.sandbox.journal.entries().length;
    const { execution, operationId } = await fixture.run(input);

    expect(execution).toMatchObject({ status: 'FAILED', error });
    expect(await fixture.sandbox.deps.operations.get(operationId)).toBeUndefined();
    const mutations = fixture.sandbox.journal
      .entries()
      .slice(before)
      .filter((entry) => entry.service !== 'states');
    expect(mutations).toEqual([]);
  });

  it('rejects a target whose registered strategy is invalid, and changes nothing', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { sandbox } = fixture;
    const target = (await sandbox.deps.registry.get('checkout:live'))!;
    await sandbox.deps.registry.put({
      ...target,
      steps: [
        { weight: 50, bakeSeconds: 60 },
        { weight: 20, bakeSeconds: 60 },
      ],
    });
    const before = sandbox.journal.entries().length;
    const { execution, operationId } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'Braid.InvalidInput',
      cause: expect.stringContaining("target.steps[1].weight: must be greater than the previous step's 50, got 20"),
    });
    expect(await sandbox.deps.operations.get(operationId)).toBeUndefined();
    expect(
      sandbox.journal
        .entries()
        .slice(before)
        .filter((entry) => entry.service !== 'states'),
    ).toEqual([]);
  });

  it('fails preflight for an unpublished version without touching the alias', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { execution, operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '9' });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'failed' });
    expect(operation).toMatchObject({ status: 'failed', outcomeReason: expect.stringContaining('version 9 of checkout is not published') });
    expect(fixture.aliasUpdates()).toEqual([]);
  });
});
