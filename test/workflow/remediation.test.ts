import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { setKillSwitch } from '../../functions/control/remediation-controls.js';
import { requestRepair } from '../../functions/remediation/request-repair.js';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import { loadScenario } from '../../local/scenario/load-scenario.js';
import { runScenario } from '../../local/simulation/run-scenario.js';
import { dynamodbEndpoint } from '../support/dynamodb-local.js';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import {
  aliasNow,
  auditsOfKind,
  captureAlarmEvents,
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

describe('remediation after a good rollout', () => {
  it('rolls the alias back to the last known good version when an alarm fires in steady state, verifies convergence and closes', async () => {
    const file = 'examples/alarm-after-rollout.json';
    const report = await runScenario(await loadScenario(file), { dynamodbEndpoint: await dynamodbEndpoint(), file });

    const [rollout, remediation, ...others] = report.operations;
    expect(rollout).toMatchObject({ kind: 'rollout', status: 'promoted' });
    expect(remediation).toMatchObject({
      kind: 'remediation',
      status: 'converged',
      executionStatus: 'SUCCEEDED',
      aliasAtEnd: { functionVersion: '1', additionalVersionWeights: {} },
      remediation: { trigger: 'alarm', alarmName: 'checkout-live-errors', action: 'rollback', decision: 'auto_repair', duplicatesSuppressed: 0 },
    });
    expect(others).toEqual([]);
    const { detectSeconds, mitigateSeconds, convergeSeconds } = remediation!.remediation!.timings;
    expect(detectSeconds).toBeGreaterThanOrEqual(0);
    expect(mitigateSeconds).toBeGreaterThanOrEqual(detectSeconds!);
    // At least the 300 s bake after the repair.
    expect(convergeSeconds).toBeGreaterThanOrEqual(mitigateSeconds! + 300);
    expect(remediation!.timeline.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining([
        'audit:incident.detected',
        'audit:remediation.decided',
        'audit:repair.intended',
        'alias',
        'audit:convergence.checked',
        'audit:operation.finished',
      ]),
    );
    expect(report.invariants.filter((check) => !check.holds)).toEqual([]);
    expect(report.notifications).toEqual([]);
  });
});

describe('one incident, one repair (I4)', () => {
  it('repairs once when the same alarm event is delivered 200 times, many at once, and counts the other deliveries', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const events = await captureAlarmEvents(sandbox);
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    const alarmed = events.filter((event) => (event.detail as { state: { value: string } }).state.value === 'ALARM');
    expect(alarmed).toHaveLength(1);

    // EventBridge delivers at least once: 199 more deliveries of the same event, most of them concurrent.
    await Promise.all(Array.from({ length: 150 }, () => sandbox.events.emit(alarmed[0]!)));
    for (let i = 0; i < 49; i += 1) await sandbox.events.emit(alarmed[0]!);
    await settle(sandbox);

    const operations = await remediations(sandbox);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ status: 'converged', duplicatesSuppressed: 199 });
    expect(await auditsOfKind(sandbox, operations, AUDIT_KINDS.repairIntended)).toHaveLength(1);
    expect(await auditsOfKind(sandbox, operations, AUDIT_KINDS.incidentDuplicate)).toHaveLength(199);
    expect(sandbox.stepFunctions.runningExecutions()).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });
    expect(await fixture.invariants(operations.map((operation) => operation.operationId))).toMatchObject({ I1: true, I3: true, I4: true });
  });
});

describe('kill switch', () => {
  it('changes nothing while the global kill switch is on, and the audit trail says why', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    await setKillSwitch({ on: true, by: 'alice', reason: 'game day: hands off' }, sandbox.deps);
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({ status: 'ignored', decision: 'ignore', decisionRule: 'kill_switch' });
    const [decided] = await auditsOfKind(sandbox, [operation!], AUDIT_KINDS.remediationDecided);
    expect(decided!.detail.reason).toMatch(/global kill switch.*alice.*game day: hands off/);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
  });

  it("honours a target's own kill switch", async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    await setKillSwitch({ on: true, targetName: 'checkout:live', by: 'bob', reason: 'manual investigation' }, sandbox.deps);
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation] = await remediations(sandbox);
    expect(operation).toMatchObject({ status: 'ignored', decisionRule: 'kill_switch' });
    expect(operation!.decisionReason).toMatch(/kill switch of checkout:live.*bob/);
    expect(mutationsAfter(sandbox, before)).toEqual([]);
  });

  it('fails closed when the kill switch cannot be read: no mutation, and a person is told', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    // A kill switch item nobody can make sense of (written by hand, or by a newer Braid).
    await sandbox.clients.dynamodb.send(
      new PutItemCommand({ TableName: sandbox.tableName, Item: { pk: { S: 'GLOBAL' }, sk: { S: 'KILLSWITCH' }, on: { S: 'yes please' } } }),
    );
    const before = sandbox.journal.entries().length;
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    const [operation] = await remediations(sandbox);
    expect(operation).toMatchObject({ status: 'escalated', decision: 'escalate', decisionRule: 'kill_switch_unreadable' });
    expect(mutationsAfter(sandbox, before)).toEqual([]);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: {} });
  });
});

describe('flapping', () => {
  it('makes no repair storm: one repair, then cooldown and flap detection hold, and people are notified once', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    // A shared dependency flaps: both versions fail for four minutes, then work for four, for an hour.
    for (let cycle = 0; cycle < 8; cycle += 1) {
      setErrorRate(sandbox, 0.3);
      await sandbox.clock.sleep(4 * 60_000);
      setErrorRate(sandbox, 0.001);
      await sandbox.clock.sleep(4 * 60_000);
    }
    await settle(sandbox);

    const operations = await remediations(sandbox);
    expect(operations.length).toBeGreaterThanOrEqual(3);
    expect(await auditsOfKind(sandbox, operations, AUDIT_KINDS.repairIntended)).toHaveLength(1);
    const rules = operations.slice(1).map((operation) => operation.decisionRule);
    expect(rules.every((rule) => rule === 'cooldown' || rule === 'flapping')).toBe(true);
    expect(rules).toContain('flapping');
    expect(operations.every((operation) => ['converged', 'escalated'].includes(operation.status))).toBe(true);
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
    expect(await fixture.invariants(operations.map((operation) => operation.operationId))).toMatchObject({ I1: true, I3: true, I4: true });
  });
});

describe('a remediation racing a rollout (I1)', () => {
  it('waits for the rollout to release the target, sees it changed since the alarm, and only watches: the two never both mutate', async () => {
    fixture = await watchedTarget({}, (scenario) => {
      scenario.targets[0].versions['2'].errorRate = 0.3;
      scenario.targets[0].gatePolicy = { checkIntervalSeconds: 60 };
    });
    const { sandbox } = fixture;
    const { operationId: rolloutId, executionArn } = await fixture.start({ targetName: 'checkout:live', newVersion: '2' });
    await settle(sandbox);

    expect((await sandbox.stepFunctions.waitForExecution(executionArn)).status).toBe('FAILED');
    expect(await sandbox.deps.operations.get(rolloutId)).toMatchObject({ status: 'rolled_back' });
    const [remediation, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(remediation).toMatchObject({ trigger: 'alarm', decision: 'auto_repair', status: 'converged' });
    const audit = await sandbox.deps.audit.list(remediation!.operationId);
    expect(audit.map((record) => record.kind)).toContain(AUDIT_KINDS.leaseRefused);
    expect(audit.find((record) => record.kind === AUDIT_KINDS.repairSkipped)?.detail).toMatchObject({ plan: 'watch' });
    expect(audit.map((record) => record.kind)).not.toContain(AUDIT_KINDS.repairIntended);
    // Every alias update was the rollout's: its canary step and its restore.
    expect(fixture.aliasUpdates()).toEqual([
      { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      { functionVersion: '1', additionalVersionWeights: {} },
    ]);
    expect(await fixture.invariants([rolloutId, remediation!.operationId])).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });
});

describe('another actor', () => {
  it('is never overwritten: an alias changed between the re-read and the repair fails the repair, which escalates', async () => {
    fixture = await watchedTarget();
    const { sandbox } = fixture;
    await promoteVersion2(fixture);
    const aliases = sandbox.deps.aliases;
    const readAlias = aliases.readAlias.bind(aliases);
    let meddled = false;
    aliases.readAlias = async (functionName, aliasName) => {
      const read = await readAlias(functionName, aliasName);
      if (!meddled) {
        meddled = true;
        // Someone sends a tenth of the traffic to version 1 by hand, just after Braid read the alias.
        await sandbox.clients.lambda.send(
          new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '1': 0.1 } } }),
        );
      }
      return read;
    };
    setErrorRate(sandbox, 0.3, ['2']);
    await untilAlarm(sandbox, 'ALARM');
    await settle(sandbox);

    expect(meddled).toBe(true);
    const [operation] = await remediations(sandbox);
    expect(operation).toMatchObject({ status: 'escalated', outcomeReason: expect.stringContaining('Lambda.PreconditionFailedException') });
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '2', weights: { '1': 0.1 } });
    expect(sandbox.sns.published(sandbox.escalationTopicArn)).toHaveLength(1);
    // The failed repair counts against the breaker.
    expect((await sandbox.deps.controls.readTarget('checkout:live')).breaker.consecutiveFailures).toBe(1);
  });
});

describe('the global repair limit', () => {
  it('is read from the settings the deploy recorded in the table, by the detector and by a manual repair alike', async () => {
    fixture = await watchedTarget({ action: 'throttle', reservedConcurrency: 5 });
    const { sandbox } = fixture;
    await sandbox.deps.settings.put({ globalRateLimit: { capacity: 1, refillSeconds: 3600 } });
    const first = await requestRepair({ targetName: 'checkout:live', by: 'alice', reason: 'first' }, sandbox.deps);
    const second = await requestRepair({ targetName: 'checkout:live', by: 'alice', reason: 'second' }, sandbox.deps);

    expect(first).toMatchObject({ outcome: 'started', decision: { decision: 'auto_repair' } });
    // The target's own bucket (3 by default) still had tokens: the account's single one was spent.
    expect(second).toMatchObject({
      outcome: 'started',
      decision: {
        decision: 'escalate',
        rule: 'rate_limited',
        reason: expect.stringContaining("Braid's global repair limit (1, one more every 60 min) is used up"),
      },
    });
    await settle(sandbox);
  });
});

describe('the flapping-dependency example', () => {
  it('rolls back once, escalates the returning alarm by cooldown then by flap detection, pages once, and changes nothing under the kill switch', async () => {
    const file = 'examples/flapping-dependency.json';
    const report = await runScenario(await loadScenario(file), { dynamodbEndpoint: await dynamodbEndpoint(), file });

    const remediationsSeen = report.operations.filter((operation) => operation.kind === 'remediation');
    expect(remediationsSeen.map((operation) => [operation.status, operation.remediation?.decision])).toEqual([
      ['escalated', 'auto_repair'],
      ['escalated', 'escalate'],
      ['escalated', 'escalate'],
      ...remediationsSeen.slice(3).map(() => ['ignored', 'ignore']),
    ]);
    expect(remediationsSeen.length).toBeGreaterThan(3);
    expect(remediationsSeen[1]!.reason).toMatch(/cooldown/);
    expect(remediationsSeen[2]!.reason).toMatch(/flapping/);
    expect(remediationsSeen.slice(3).every((operation) => /kill switch of checkout:live is on/.test(operation.reason ?? ''))).toBe(true);
    expect(report.operatorActions.map((action) => [action.action, action.applied])).toEqual([
      ['killswitch_on', true],
      ['killswitch_off', true],
    ]);
    expect(report.notifications).toHaveLength(1);
    expect(report.invariants.filter((check) => !check.holds)).toEqual([]);
  });
});
