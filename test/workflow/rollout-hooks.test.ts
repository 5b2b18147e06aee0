import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../local/simulation/run-scenario.js';
import { aliasFacts, auditFacts } from '../../local/simulation/journal-facts.js';
import { checkInvariants } from '../../local/simulation/invariants.js';
import { dynamodbEndpoint } from '../support/dynamodb-local.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Pre-traffic and post-traffic hooks: user functions whose answer gates the rollout, on the real ASL. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

type Hook = { result: 'Succeeded' | 'Failed' | 'Throws'; reason?: string };

function withHooks(hooks: { preTraffic?: Hook; postTraffic?: Hook; timeoutSeconds?: number }) {
  return exampleScenario('healthy-canary', (scenario) => {
    scenario.targets[0].hooks = hooks;
  });
}

const kinds = (audit: { kind: string }[]) => audit.map((record) => record.kind);

describe('rollout with traffic hooks', () => {
  it('promotes when both hooks pass, judging the pre-traffic hook before any shift and the post-traffic hook after the promotion', async () => {
    fixture = await sandboxFor(withHooks({ preTraffic: { result: 'Succeeded' }, postTraffic: { result: 'Succeeded', reason: 'smoke tests green' } }));
    const { operation, audit, executionArn } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation?.status).toBe('promoted');
    expect(kinds(audit)).toEqual([
      'operation.created',
      'lease.acquired',
      'alias.snapshot',
      'hook.result',
      'alias.shift.intended',
      'gate.verdict',
      'alias.shift.intended',
      'gate.verdict',
      'hook.result',
      'known_good.recorded',
      'operation.finished',
      'lease.released',
    ]);
    const hooks = audit.filter((record) => record.kind === 'hook.result').map((record) => record.detail);
    expect(hooks).toMatchObject([
      { hook: 'preTraffic', functionName: 'checkout-pre-traffic-hook', status: 'Succeeded', response: { payload: { status: 'Succeeded' } } },
      { hook: 'postTraffic', functionName: 'checkout-post-traffic-hook', status: 'Succeeded', reason: 'smoke tests green' },
    ]);
    expect(await fixture.alias()).toEqual({ functionVersion: '2', additionalVersionWeights: {} });
    const byState = fixture.sandbox.stepFunctions.describeExecutionStats(executionArn).byState;
    expect(byState).toMatchObject({
      HasPreTrafficHook: 1,
      PreTrafficHook: 1,
      JudgePreTrafficHook: 1,
      HasPostTrafficHook: 1,
      PostTrafficHook: 1,
      JudgePostTrafficHook: 1,
    });
  });

  it('invokes each hook with the operation context', async () => {
    fixture = await sandboxFor(withHooks({ preTraffic: { result: 'Succeeded' }, postTraffic: { result: 'Succeeded' } }));
    const events: unknown[] = [];
    const original = fixture.sandbox.lambda.invoke.bind(fixture.sandbox.lambda);
    fixture.sandbox.lambda.invoke = async (reference, payload, qualifier) => {
      if (reference.endsWith('-traffic-hook')) events.push(payload);
      return original(reference, payload, qualifier);
    };
    const { operationId } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(events).toEqual([
      {
        operationId,
        targetName: 'checkout:live',
        functionName: 'checkout',
        aliasName: 'live',
        newVersion: '2',
        hook: 'preTraffic',
        alias: { functionVersion: '1', revisionId: expect.any(String) },
      },
      {
        operationId,
        targetName: 'checkout:live',
        functionName: 'checkout',
        aliasName: 'live',
        newVersion: '2',
        hook: 'postTraffic',
        alias: { functionVersion: '2', revisionId: expect.any(String) },
      },
    ]);
  });

  it('fails the operation without moving any traffic when the pre-traffic hook fails, giving its reason', async () => {
    fixture = await sandboxFor(withHooks({ preTraffic: { result: 'Failed', reason: 'database migration not applied' }, postTraffic: { result: 'Succeeded' } }));
    const { operation, audit, execution } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation).toMatchObject({
      status: 'failed',
      outcomeReason: 'Braid.HookFailed: pre-traffic hook checkout-pre-traffic-hook failed: database migration not applied',
    });
    expect(execution.status).toBe('FAILED');
    expect(fixture.aliasUpdates()).toEqual([]);
    expect(kinds(audit)).toEqual(['operation.created', 'lease.acquired', 'alias.snapshot', 'hook.result', 'operation.finished', 'lease.released']);
    expect(audit[3]?.detail).toMatchObject({ hook: 'preTraffic', status: 'Failed', reason: 'database migration not applied' });
  });

  it('rolls back to the stable version when the post-traffic hook fails after the promotion', async () => {
    fixture = await sandboxFor(withHooks({ postTraffic: { result: 'Failed', reason: 'synthetic checkout failed' } }));
    const { operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation).toMatchObject({
      status: 'rolled_back',
      outcomeReason: 'Braid.HookFailed: post-traffic hook checkout-post-traffic-hook failed: synthetic checkout failed',
    });
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '2', additionalVersionWeights: {} },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    expect(await fixture.alias()).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
    expect(kinds(audit).slice(-4)).toEqual(['hook.result', 'alias.restore.intended', 'operation.finished', 'lease.released']);
    const entries = fixture.sandbox.journal.entries();
    const invariants = checkInvariants({
      audits: auditFacts(entries),
      aliasChanges: aliasFacts(entries),
      operations: [
        { operationId: operation!.operationId, kind: 'rollout', targetName: 'checkout:live', status: operation!.status, stableVersion: '1', newVersion: '2' },
      ],
      targets: new Map([['checkout:live', { functionName: 'checkout', aliasName: 'live' }]]),
    });
    expect(Object.fromEntries(invariants.map((check) => [check.id, check.holds]))).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });

  it('treats a hook that throws as failed, with the error it raised', async () => {
    fixture = await sandboxFor(withHooks({ preTraffic: { result: 'Throws', reason: 'connection refused' } }));
    const { operation, audit } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation).toMatchObject({
      status: 'failed',
      outcomeReason: 'Braid.HookFailed: pre-traffic hook checkout-pre-traffic-hook failed: raised Error: connection refused',
    });
    expect(fixture.aliasUpdates()).toEqual([]);
    expect(audit.find((record) => record.kind === 'hook.result')?.detail).toMatchObject({ status: 'Failed', response: { Error: 'Error' } });
  });

  it("shows each hook's verdict in the simulation timeline", async () => {
    const report = await runScenario(
      withHooks({ preTraffic: { result: 'Succeeded' }, postTraffic: { result: 'Failed', reason: 'synthetic checkout failed' } }),
      {
        dynamodbEndpoint: await dynamodbEndpoint(),
        file: 'hooks.json',
      },
    );
    const [operation] = report.operations;
    expect(operation?.status).toBe('rolled_back');
    expect(operation?.timeline.filter((entry) => entry.kind === 'audit:hook.result').map((entry) => entry.message)).toEqual([
      'pre-traffic hook checkout-pre-traffic-hook passed: answered Succeeded',
      'post-traffic hook checkout-post-traffic-hook failed: synthetic checkout failed',
    ]);
    expect(report.invariants.every((check) => check.holds)).toBe(true);
  });

  it('costs a target without hooks only the two checks', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { operation, audit, executionArn } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    expect(operation?.status).toBe('promoted');
    expect(kinds(audit)).not.toContain('hook.result');
    const byState = fixture.sandbox.stepFunctions.describeExecutionStats(executionArn).byState;
    expect(byState).toMatchObject({ HasPreTrafficHook: 1, HasPostTrafficHook: 1 });
    expect(byState.PreTrafficHook).toBeUndefined();
  });
});
