import { afterEach, describe, expect, it } from 'vitest';
import { requestRepair } from '../../functions/remediation/request-repair.js';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import type { RepairAction } from '../../functions/core/remediation/runbook.js';
import { auditFacts } from '../../local/simulation/journal-facts.js';
import type { Sandbox } from '../../local/sandbox.js';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import {
  aliasNow,
  auditsOfKind,
  customRunbook,
  invocationCount,
  mutationsAfter,
  promoteVersion2,
  remediations,
  setErrorRate,
  settle,
  untilAlarm,
  watchedTarget,
} from '../support/remediation-fixture.js';

let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Where in the sandbox's one order an audit record of `kind` of the operation was written. */
function auditSeq(sandbox: Sandbox, operationId: string, kind: string): number {
  const fact = auditFacts(sandbox.journal.entries()).find(({ record }) => record.operationId === operationId && record.kind === kind);
  if (!fact) throw new Error(`no ${kind} audit record of ${operationId} in the journal`);
  return fact.seq;
}

/** Where in the sandbox's one order Lambda applied `action`. */
function lambdaSeq(sandbox: Sandbox, action: string): number {
  const entry = sandbox.journal.entries().find((candidate) => candidate.service === 'lambda' && candidate.action === action);
  if (!entry) throw new Error(`Lambda never applied ${action}`);
  return entry.seq;
}

describe('throttle', () => {
  it('takes back a throttle that did not clear the alarm, escalates once, and audits each change before making it', async () => {
    fixture = await watchedTarget({ action: 'throttle', reservedConcurrency: 5, verify: { bakeSeconds: 60, maxChecks: 2, recheckSeconds: 60 } });
    const { sandbox } = fixture;
    const before = sandbox.journal.entries().length;
    // Both versions fail, whatever their concurrency: throttling cannot help.
    setErrorRate(sandbox, 0.3);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'escalated', decision: 'auto_repair', action: 'throttle' });
    expect(operation!.outcomeReason).toMatch(/reserved concurrency set to 5 did not converge: .*the repair was undone/);
    expect(mutationsAfter(sandbox, before)).toEqual([
      { action: 'PutFunctionConcurrency', detail: { functionName: 'checkout', reservedConcurrentExecutions: 5 } },
      { action: 'DeleteFunctionConcurrency', detail: { functionName: 'checkout', reservedConcurrentExecutions: null } },
    ]);
    // The function had no reserved concurrency before the repair, and has none after it.
    expect(sandbox.lambda.getFunctionConcurrency('checkout')).toBeUndefined();
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });

    const { operationId } = operation!;
    expect(auditSeq(sandbox, operationId, AUDIT_KINDS.repairIntended)).toBeLessThan(lambdaSeq(sandbox, 'PutFunctionConcurrency'));
    expect(auditSeq(sandbox, operationId, AUDIT_KINDS.undoIntended)).toBeLessThan(lambdaSeq(sandbox, 'DeleteFunctionConcurrency'));
    const [undo] = await auditsOfKind(sandbox, [operation!], AUDIT_KINDS.undoIntended);
    expect(undo!.detail).toMatchObject({ undo: 'delete_concurrency' });
    const checks = await auditsOfKind(sandbox, [operation!], AUDIT_KINDS.convergenceChecked);
    expect(checks.map((check) => check.detail.verdict)).toEqual(['recheck', 'not_converged']);

    const notifications = sandbox.sns.published(sandbox.escalationTopicArn);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.message).toMatch(/did not converge/);
    // A repair that did not work counts against the breaker.
    expect((await sandbox.deps.controls.readTarget('checkout:live')).breaker).toMatchObject({ consecutiveFailures: 1, open: false });
  });
});

describe('shift canary to zero while a rollout holds the target', () => {
  it('never mutates while the rollout holds the lease: the repair retries, then escalates, and the rollout goes on', async () => {
    fixture = await watchedTarget({}, (scenario) => {
      scenario.targets[0].strategy = { canary: { percent: 10, bakeSeconds: 3600 } };
    });
    const { sandbox } = fixture;
    const { operationId: rolloutId, executionArn } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    // Into the canary's bake: 10% on version 2.
    for (let second = 0; second < 120 && (await aliasNow(sandbox)).weights['2'] !== 0.1; second += 1) await sandbox.clock.sleep(1000);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: { '2': 0.1 } });

    const started = await requestRepair(
      { targetName: 'checkout:live', action: 'shift_canary_to_zero', by: 'dana', reason: 'the canary looks odd' },
      sandbox.deps,
    );
    expect(started).toMatchObject({ outcome: 'started', decision: { decision: 'auto_repair' } });
    await settle(sandbox);

    expect((await sandbox.stepFunctions.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    expect(await sandbox.deps.operations.get(rolloutId)).toMatchObject({ status: 'promoted' });
    const [repair, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    // The rollout held the target through every retry of the repair (a one-hour bake against minutes of retries).
    expect(repair).toMatchObject({ operationId: started.operationId, status: 'escalated' });
    expect(repair!.outcomeReason).toMatch(/Braid\.TargetBusy/);
    const audit = await sandbox.deps.audit.list(repair!.operationId);
    const kinds = audit.map((record) => record.kind);
    // The first try and the four retries of PrepareRepair were all refused.
    expect(kinds.filter((kind) => kind === AUDIT_KINDS.leaseRefused)).toHaveLength(5);
    expect(kinds).not.toContain(AUDIT_KINDS.leaseAcquired);
    expect(kinds).not.toContain(AUDIT_KINDS.repairIntended);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
    // Every alias update was the rollout's: its canary step and its promotion.
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '2', additionalVersionWeights: {} },
    ]);
    expect(await fixture.invariants([rolloutId, repair!.operationId])).toMatchObject({ I1: true, I2: true, I3: true });
  });
});

describe('custom runbook', () => {
  it('invokes the runbook function with the operation id as its idempotency key, then verifies the alarm', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const payloads = await customRunbook(sandbox, async () => {
      // The runbook fixes what broke (say, a feature flag), not the alias.
      setErrorRate(sandbox, 0.001, ['2']);
      return { repaired: true };
    });
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'converged', action: 'invoke_runbook' });
    expect(payloads).toEqual([
      {
        idempotencyKey: operation!.operationId,
        operationId: operation!.operationId,
        targetName: 'checkout:live',
        functionName: 'checkout',
        aliasName: 'live',
        alarmName: 'checkout-live-errors',
        alias: { functionVersion: '2', additionalVersionWeights: {} },
      },
    ]);
    const [intent] = await auditsOfKind(sandbox, [operation!], AUDIT_KINDS.repairIntended);
    expect(intent!.detail).toMatchObject({ repair: 'invoke_runbook', functionName: 'test-runbook', idempotencyKey: operation!.operationId });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toEqual([]);
  });

  it('passes the same idempotency key to every retry of one repair', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    let calls = 0;
    const payloads = await customRunbook(sandbox, async () => {
      calls += 1;
      // Throttled once: the state machine's Retry calls the runbook again.
      if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
      return { repaired: true };
    });
    const started = await requestRepair({ targetName: 'checkout:live', by: 'fay', reason: 'flush the feature-flag cache' }, sandbox.deps);
    await settle(sandbox);

    expect(payloads).toHaveLength(2);
    expect(payloads.map((payload) => (payload as { idempotencyKey: string }).idempotencyKey)).toEqual([started.operationId, started.operationId]);
    // Manual repair of a healthy target: the alarm is OK throughout, so it converges after the bake.
    expect(await sandbox.deps.operations.get(started.operationId)).toMatchObject({ status: 'converged', trigger: 'manual' });
    expect(await auditsOfKind(sandbox, await remediations(sandbox), AUDIT_KINDS.repairIntended)).toHaveLength(1);
  });

  it("accepts a scenario target whose runbook invokes the sandbox's runbook function", async () => {
    fixture = await watchedTarget({ action: 'invoke_runbook' }, (scenario) => {
      scenario.targets[0].runbookResult = 'Succeeded';
    });
    expect((await fixture.sandbox.deps.registry.get('checkout:live'))?.remediation).toMatchObject({
      action: 'invoke_runbook',
      runbookFunction: 'checkout-runbook',
    });
  });
});

describe('notify only', () => {
  it('tells a person once, naming the target, and changes nothing', async () => {
    fixture = await watchedTarget({ action: 'notify' });
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'escalated', decision: 'escalate', decisionRule: 'notify_only' });
    const notifications = sandbox.sns.published(sandbox.escalationTopicArn);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.subject).toBe('Braid needs a person: checkout:live (alarm checkout-live-errors)');
    expect(notifications[0]!.message).toMatch(/the runbook only notifies/);
    expect(notifications[0]!.message).toContain(operation!.operationId);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
  });
});

describe('manual repair requests (I6)', () => {
  it('refuses bad requests with typed errors and creates nothing', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    const deps = sandbox.deps;
    const before = sandbox.journal.entries().length;
    const valid = { targetName: 'checkout:live', by: 'erin', reason: 'version 2 misbehaves' };

    await expect(requestRepair({ ...valid, targetName: 'checkout:nope' }, deps)).rejects.toMatchObject({
      code: 'Braid.UnknownTarget',
      message: expect.stringContaining('checkout:nope'),
    });
    await expect(requestRepair({ ...valid, action: 'reboot' as RepairAction }, deps)).rejects.toMatchObject({
      code: 'Braid.InvalidInput',
      message: expect.stringMatching(/action.*"reboot"/),
    });
    await expect(requestRepair({ ...valid, reason: '  ' }, deps)).rejects.toMatchObject({
      code: 'Braid.InvalidInput',
      message: expect.stringContaining('reason'),
    });
    await expect(requestRepair({ ...valid, by: '' }, deps)).rejects.toMatchObject({ code: 'Braid.InvalidInput', message: expect.stringContaining('by') });
    await expect(requestRepair({ ...valid, action: 'throttle' }, deps)).rejects.toMatchObject({
      code: 'Braid.InvalidInput',
      message: expect.stringContaining('reservedConcurrency'),
    });
    await expect(requestRepair({ ...valid, action: 'throttle', reservedConcurrency: -1 }, deps)).rejects.toMatchObject({ code: 'Braid.InvalidInput' });

    expect(await remediations(sandbox)).toEqual([]);
    expect(sandbox.journal.entries().filter((entry) => entry.seq > before && ['dynamodb', 'lambda', 'states'].includes(entry.service))).toEqual([]);
  });
});

describe('faults in the remediation tasks', () => {
  it('rides out a transient Lambda error while verifying and still converges', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    sandbox.faults.inject('verify-repair', { errorName: 'Lambda.ServiceException', message: 'Lambda is having a moment', times: 2 });
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'converged' });
    expect(await invocationCount(sandbox, 'braid-verify-repair', 'Errors')).toBe(2);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });
    expect(await sandbox.deps.leases.get('checkout:live')).not.toMatchObject({ holder: operation!.operationId });
  });

  it('escalates when preparing the repair crashes, changes nothing and leaves the target free', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    sandbox.faults.inject('prepare-repair', { errorName: 'Error', message: 'prepare-repair crashed' });
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'escalated', outcomeReason: expect.stringMatching(/Braid could not repair: Error: prepare-repair crashed/) });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
    // Nothing was tried, so the breaker does not count it.
    expect((await sandbox.deps.controls.readTarget('checkout:live')).breaker).toEqual({ consecutiveFailures: 0, open: false });
    expect(await sandbox.deps.leases.get('checkout:live')).not.toMatchObject({ holder: operation!.operationId });
  });
});
