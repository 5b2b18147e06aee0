import { afterEach, describe, expect, it } from 'vitest';
import { requestRepair } from '../../functions/remediation/request-repair.js';
import { resetBreaker, setKillSwitch } from '../../functions/control/remediation-controls.js';
import { resolveHold } from '../../functions/control/resolve-hold.js';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import type { RunbookInput } from '../../functions/core/remediation/runbook.js';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import {
  aliasNow,
  auditsOfKind,
  invocationCount,
  mutationsAfter,
  promoteVersion2,
  remediations,
  setErrorRate,
  settle,
  untilAlarm,
  untilStatus,
  watchedTarget,
} from '../support/remediation-fixture.js';

let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const RUNBOOK_FUNCTION = 'checkout-runbook';

describe('circuit breaker', () => {
  it('opens after consecutive failed repairs, escalates the next alarm without running the runbook, and lets repairs through again once reset', async () => {
    fixture = await watchedTarget(
      {
        action: 'invoke_runbook',
        breaker: { failuresToOpen: 2 },
        cooldownSeconds: 0,
        flap: { maxAlarms: 100, windowSeconds: 60 },
        rateLimit: { capacity: 20, refillSeconds: 60 },
      },
      (scenario) => {
        // The sandbox's runbook function (checkout-runbook) throws: no repair can work.
        scenario.targets[0].runbookResult = 'Throws';
      },
    );
    const { sandbox } = fixture;
    const deps = sandbox.deps;

    for (const attempt of [1, 2]) {
      const started = await requestRepair({ targetName: 'checkout:live', by: 'alice', reason: `attempt ${attempt}: clear the poisoned cache` }, deps);
      expect(started).toMatchObject({ outcome: 'started', decision: { decision: 'auto_repair', rule: 'allowed' } });
      await settle(sandbox);
    }
    const failed = await remediations(sandbox);
    expect(failed.map((operation) => operation.status)).toEqual(['escalated', 'escalated']);
    const breakerMoves = await auditsOfKind(sandbox, failed, AUDIT_KINDS.breakerChanged);
    expect(breakerMoves.map((record) => record.detail)).toEqual([
      expect.objectContaining({ result: 'failed', consecutiveFailures: 1, open: false, opened: false }),
      expect.objectContaining({ result: 'failed', consecutiveFailures: 2, open: true, opened: true }),
    ]);
    // A function error is not retried: one call per repair.
    expect(await invocationCount(sandbox, RUNBOOK_FUNCTION)).toBe(2);
    expect(await invocationCount(sandbox, RUNBOOK_FUNCTION, 'Errors')).toBe(2);

    // Version 1 (the live one) starts failing: a real alarm reaches the detector.
    setErrorRate(sandbox, 0.3, ['1']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);
    const [, , alarmed, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(alarmed).toMatchObject({ trigger: 'alarm', decision: 'escalate', decisionRule: 'breaker_open', status: 'escalated' });
    expect(alarmed!.decisionReason).toMatch(/breaker of checkout:live is open .*2 failed repairs.*braid breaker reset checkout:live/);
    expect(await auditsOfKind(sandbox, [alarmed!], AUDIT_KINDS.repairIntended)).toEqual([]);
    expect(await invocationCount(sandbox, RUNBOOK_FUNCTION)).toBe(2);

    const was = await resetBreaker({ targetName: 'checkout:live', by: 'bob', reason: 'cache fixed by hand' }, deps);
    expect(was).toMatchObject({ open: true, consecutiveFailures: 2 });
    const resetAudit = (await sandbox.deps.audit.list('control:checkout:live')).filter((record) => record.kind === AUDIT_KINDS.breakerChanged);
    expect(resetAudit).toEqual([
      expect.objectContaining({
        actor: 'user:bob',
        detail: expect.objectContaining({ reset: true, open: false, consecutiveFailures: 0, by: 'bob', reason: 'cache fixed by hand' }),
      }),
    ]);

    const again = await requestRepair({ targetName: 'checkout:live', by: 'bob', reason: 'try the runbook once more' }, deps);
    expect(again).toMatchObject({ outcome: 'started', decision: { decision: 'auto_repair', rule: 'allowed' } });
    await settle(sandbox);
    expect(await invocationCount(sandbox, RUNBOOK_FUNCTION)).toBe(3);
    expect(await sandbox.deps.operations.get(again.operationId)).toMatchObject({ status: 'escalated', decisionRule: 'allowed' });
  });
});

describe('rate limit', () => {
  it('escalates a repair beyond the target budget and mutates nothing for it', async () => {
    fixture = await watchedTarget({ rateLimit: { capacity: 1, refillSeconds: 3600 } });
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const deps = sandbox.deps;

    const first = await requestRepair({ targetName: 'checkout:live', by: 'alice', reason: 'version 2 corrupts carts' }, deps);
    expect(first).toMatchObject({ outcome: 'started', decision: { decision: 'auto_repair' } });
    await settle(sandbox);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });
    const before = sandbox.journal.entries().length;

    const second = await requestRepair({ targetName: 'checkout:live', by: 'alice', reason: 'and once more' }, deps);
    expect(second).toMatchObject({ outcome: 'started', decision: { decision: 'escalate', rule: 'rate_limited' } });
    await settle(sandbox);
    const [repaired, limited, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(repaired).toMatchObject({ status: 'converged' });
    expect(limited).toMatchObject({ status: 'escalated', decision: 'escalate', decisionRule: 'rate_limited' });
    expect(limited!.decisionReason).toMatch(/used up its repair limit \(1, one more every/);
    expect(await auditsOfKind(sandbox, [limited!], AUDIT_KINDS.repairIntended)).toEqual([]);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
  });
});

describe('corroboration', () => {
  it('ignores an alarm that the runbook requires a second alarm to confirm, and changes nothing', async () => {
    fixture = await watchedTarget({ alarmNames: ['checkout-live-errors', 'checkout-live-duration'], minAlarms: 2 }, (scenario) => {
      // Latency is fine: this alarm never fires.
      scenario.targets[0].alarms.push({
        name: 'checkout-live-duration',
        metric: 'Duration',
        statistic: 'Average',
        periodSeconds: 60,
        evaluationPeriods: 1,
        threshold: 1000,
        comparison: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      });
    });
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'ignored', decision: 'ignore', decisionRule: 'not_corroborated' });
    expect(operation!.decisionReason).toMatch(/1 of 2 alarms in ALARM; the runbook needs 2/);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(sandbox.stepFunctions.runningExecutions()).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
  });
});

describe('approval', () => {
  async function alarmAwaitingApproval(runbook: Partial<RunbookInput> = {}) {
    fixture = await watchedTarget({ requireApproval: true, ...runbook });
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    const [operation] = await remediations(sandbox);
    expect(operation).toMatchObject({ decision: 'needs_approval', decisionRule: 'approval_required' });
    const waiting = await untilStatus(sandbox, operation!.operationId, 'awaiting_approval');
    const holds = await sandbox.deps.holds.list(waiting.operationId);
    expect(holds).toEqual([expect.objectContaining({ kind: 'approval', status: 'pending', operationId: waiting.operationId })]);
    // Nobody holds the target while a person thinks.
    expect(await sandbox.deps.leases.get('checkout:live')).not.toMatchObject({ holder: waiting.operationId });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    return { sandbox: fixture.sandbox, operationId: waiting.operationId, before };
  }

  it('waits for a person, then repairs and verifies once approved', async () => {
    const { sandbox, operationId, before } = await alarmAwaitingApproval();
    const hold = await resolveHold({ operationId, decision: 'approve', by: 'carol', reason: 'version 2 is clearly broken' }, sandbox.deps);
    expect(hold).toMatchObject({ status: 'approved', decidedBy: 'carol' });
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'converged' });
    expect(mutationsAfter(sandbox, before)).toEqual([
      expect.objectContaining({ action: 'UpdateAlias', detail: expect.objectContaining({ functionVersion: '1', additionalVersionWeights: {} }) }),
    ]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });
    const kinds = (await sandbox.deps.audit.list(operationId)).map((record) => record.kind);
    expect(kinds.indexOf(AUDIT_KINDS.holdDecided)).toBeLessThan(kinds.indexOf(AUDIT_KINDS.repairIntended));
    expect(await fixture!.invariants([operationId])).toMatchObject({ I1: true, I3: true });
  });

  it('changes nothing when the person rejects the repair', async () => {
    const { sandbox, operationId, before } = await alarmAwaitingApproval();
    await resolveHold({ operationId, decision: 'reject', by: 'carol', reason: 'a fix is being deployed' }, sandbox.deps);
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'rejected' });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
    expect(await auditsOfKind(sandbox, [{ operationId } as never], AUDIT_KINDS.repairIntended)).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toEqual([]);
  });

  it('skips the repair when the alarm is OK again by the time it is approved', async () => {
    const { sandbox, operationId, before } = await alarmAwaitingApproval();
    // The failure goes away on its own while the approval waits.
    setErrorRate(sandbox, 0.001, ['2']);
    await untilAlarm(sandbox, 'OK');
    await resolveHold({ operationId, decision: 'approve', by: 'carol', reason: 'go ahead' }, sandbox.deps);
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'skipped' });
    const [skipped, ...more] = await auditsOfKind(sandbox, [{ operationId } as never], AUDIT_KINDS.repairSkipped);
    expect(more).toEqual([]);
    expect(skipped!.detail).toMatchObject({ plan: 'skip', reason: expect.stringMatching(/Alarm checkout-live-errors is OK again/) });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
  });

  it('gives up without repairing when nobody decides before the approval times out', async () => {
    const { sandbox, operationId, before } = await alarmAwaitingApproval({ approvalTimeoutSeconds: 120 });
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({ status: 'rejected', outcomeReason: expect.stringMatching(/States\.Timeout/) });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
    // A late decision is not silently taken for one that counted.
    await expect(resolveHold({ operationId, decision: 'approve', by: 'carol', reason: 'sorry, was at lunch' }, sandbox.deps)).rejects.toMatchObject({
      code: 'Braid.HoldNotPending',
    });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
  });

  it('does not act on an approval once a kill switch was turned on after the decision', async () => {
    const { sandbox, operationId, before } = await alarmAwaitingApproval();
    await setKillSwitch({ on: true, targetName: 'checkout:live', by: 'gus', reason: 'manual investigation' }, sandbox.deps);
    await resolveHold({ operationId, decision: 'approve', by: 'carol', reason: 'go ahead' }, sandbox.deps);
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(operationId)).toMatchObject({
      status: 'escalated',
      outcomeReason: expect.stringMatching(/kill switch was turned on by gus after the decision/),
    });
    expect(await auditsOfKind(sandbox, [{ operationId } as never], AUDIT_KINDS.repairIntended)).toEqual([]);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
  });
});
