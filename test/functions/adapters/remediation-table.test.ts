import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BraidTable, type OperationRecord } from '../../../functions/adapters/braid-table.js';
import { braidTableDefinition } from '../../../functions/adapters/braid-table-schema.js';
import { RemediationTable } from '../../../functions/adapters/remediation-table.js';
import { AUDIT_KINDS, type AuditKind, type AuditRecord } from '../../../functions/core/audit.js';
import { ulidGenerator } from '../../../functions/core/ids.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

let next = 0;
const audit = (operationId: string, kind: AuditKind, targetName = 't'): AuditRecord => ({
  auditId: `A${String((next += 1)).padStart(6, '0')}`,
  kind,
  operationId,
  targetName,
  atMs: next,
  actor: 'test',
  detail: {},
});

let client: DynamoDBClient;
let table: BraidTable;
let remediation: RemediationTable;
let tableName: string;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: await dynamodbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  tableName = `remediation-table-test-${process.pid}`;
  await client.send(new CreateTableCommand(braidTableDefinition(tableName)));
  table = new BraidTable(client, tableName);
  remediation = new RemediationTable(client, tableName);
});
afterAll(() => client.destroy());

function remediationOperation(operationId: string, targetName: string, changes: Partial<OperationRecord> = {}): OperationRecord {
  return { operationId, kind: 'remediation', targetName, status: 'pending', trigger: 'alarm', action: 'rollback', createdAtMs: 0, updatedAtMs: 0, ...changes };
}

async function createRemediation(operationId: string, targetName = 't', changes: Partial<OperationRecord> = {}): Promise<void> {
  await table.createOperation(remediationOperation(operationId, targetName, changes), audit(operationId, AUDIT_KINDS.incidentDetected, targetName));
}

describe('RemediationTable requests (one transaction, exact conditions)', () => {
  it('records a decision only on an undecided operation, with each bucket take conditioned on the state it read', async () => {
    const mock = mockClient(DynamoDBClient);
    try {
      mock.on(TransactWriteItemsCommand).resolves({});
      const record = audit('op-1', AUDIT_KINDS.remediationDecided);
      const takes = {
        target: { before: { tokens: 3, updatedAtMs: 7 }, after: { tokens: 2, updatedAtMs: 9 } },
        global: { after: { tokens: 9, updatedAtMs: 9 } },
      };
      await new RemediationTable(new DynamoDBClient({ region: 'us-east-1' }), 'braid').recordDecision({
        operationId: 'op-1',
        targetName: 't',
        changes: { decision: 'auto_repair' },
        audit: record,
        takes,
      });
      const [call, ...others] = mock.commandCalls(TransactWriteItemsCommand);
      expect(others).toEqual([]);
      expect(call!.args[0].input.TransactItems).toEqual([
        {
          Update: {
            TableName: 'braid',
            Key: { pk: { S: 'OP#op-1' }, sk: { S: 'OP' } },
            UpdateExpression: 'SET #f0 = :v0',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
            ExpressionAttributeNames: { '#f0': 'decision' },
            ExpressionAttributeValues: { ':v0': { S: 'auto_repair' } },
          },
        },
        {
          Put: {
            TableName: 'braid',
            Item: { pk: { S: 'TARGET#t' }, sk: { S: 'BUCKET' }, tokens: { N: '2' }, updatedAtMs: { N: '9' } },
            ConditionExpression: 'updatedAtMs = :updated AND tokens = :tokens',
            ExpressionAttributeValues: { ':updated': { N: '7' }, ':tokens': { N: '3' } },
          },
        },
        {
          Put: {
            TableName: 'braid',
            Item: { pk: { S: 'GLOBAL' }, sk: { S: 'BUCKET' }, tokens: { N: '9' }, updatedAtMs: { N: '9' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: expect.objectContaining({
            TableName: 'braid',
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: expect.objectContaining({ pk: { S: 'OP#op-1' }, sk: { S: `AUDIT#${record.auditId}` } }),
          }),
        },
      ]);
    } finally {
      mock.restore();
    }
  });
});

describe('target control', () => {
  it('reads a target nobody configured as: kill switch off, breaker closed, no bucket, no cooldown, nothing known good, never notified', async () => {
    expect(await remediation.readTargetControl('fresh')).toEqual({
      killSwitch: { on: false },
      breaker: { consecutiveFailures: 0, open: false },
      bucket: undefined,
      lastRepairAtMs: {},
      knownGood: undefined,
      lastNotifiedAtMs: undefined,
    });
    expect(await remediation.readGlobalControl()).toEqual({ killSwitch: { on: false }, bucket: undefined });
  });

  it('reads the account-wide settings the deploy recorded, and ignores a settings item the token bucket could not use', async () => {
    await remediation.putSettings({ globalRateLimit: { capacity: 4, refillSeconds: 90 } });
    expect((await remediation.readGlobalControl()).settings).toEqual({ globalRateLimit: { capacity: 4, refillSeconds: 90 } });
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'GLOBAL' }, sk: { S: 'SETTINGS' }, globalRateLimit: { M: { capacity: { N: '0' }, refillSeconds: { N: '90' } } } },
      }),
    );
    expect((await remediation.readGlobalControl()).settings).toBeUndefined();
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'GLOBAL' }, sk: { S: 'SETTINGS' } } }));
  });

  it('turns a target kill switch on and off, with an audit record each time, leaving the global one alone', async () => {
    const on = audit('control:ks', AUDIT_KINDS.killSwitchChanged);
    await remediation.setKillSwitch('ks', { on: true, by: 'alice', reason: 'game day', atMs: 1_000 }, on);
    expect((await remediation.readTargetControl('ks')).killSwitch).toEqual({ on: true, by: 'alice', reason: 'game day', atMs: 1_000 });
    expect((await remediation.readGlobalControl()).killSwitch).toEqual({ on: false });

    const off = audit('control:ks', AUDIT_KINDS.killSwitchChanged);
    await remediation.setKillSwitch('ks', { on: false, by: 'alice', reason: 'done', atMs: 2_000 }, off);
    expect((await remediation.readTargetControl('ks')).killSwitch).toEqual({ on: false });
    expect((await table.listAudit('control:ks')).map((record) => record.auditId)).toEqual([on.auditId, off.auditId]);
  });

  it('turns the global kill switch on and off', async () => {
    await remediation.setKillSwitch(
      undefined,
      { on: true, by: 'bob', reason: 'incident review', atMs: 5 },
      audit('control', AUDIT_KINDS.killSwitchChanged, '*'),
    );
    expect((await remediation.readGlobalControl()).killSwitch).toEqual({ on: true, by: 'bob', reason: 'incident review', atMs: 5 });
    expect((await remediation.readTargetControl('fresh')).killSwitch).toEqual({ on: false });
    await remediation.setKillSwitch(undefined, { on: false, by: 'bob', reason: 'over', atMs: 6 }, audit('control', AUDIT_KINDS.killSwitchChanged, '*'));
    expect((await remediation.readGlobalControl()).killSwitch).toEqual({ on: false });
  });

  it('reads a kill switch item it cannot make sense of as unreadable, naming the value', async () => {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'TARGET#odd' }, sk: { S: 'KILLSWITCH' }, on: { S: 'yes please' } } }));
    const { killSwitch } = await remediation.readTargetControl('odd');
    expect(killSwitch).toEqual({ unreadable: true, error: expect.stringContaining('"yes please"') });
  });

  it('stores the breaker with its audit record', async () => {
    const record = audit('op-breaker', AUDIT_KINDS.breakerChanged);
    await remediation.setBreaker('br', { consecutiveFailures: 3, open: true, openedAtMs: 42 }, record);
    expect((await remediation.readTargetControl('br')).breaker).toEqual({ consecutiveFailures: 3, open: true, openedAtMs: 42 });
    expect(await table.listAudit('op-breaker')).toEqual([record]);
  });
});

describe('recordDecision', () => {
  const changes = { decision: 'auto_repair', decisionRule: 'allowed', decisionReason: 'go', updatedAtMs: 10 };

  it('records the decision once: a second delivery finds it decided and writes nothing', async () => {
    await createRemediation('op-decide');
    const first = audit('op-decide', AUDIT_KINDS.remediationDecided);
    expect(await remediation.recordDecision({ operationId: 'op-decide', targetName: 't', changes, audit: first })).toBe('recorded');
    const second = audit('op-decide', AUDIT_KINDS.remediationDecided);
    expect(await remediation.recordDecision({ operationId: 'op-decide', targetName: 't', changes: { ...changes, decision: 'escalate' }, audit: second })).toBe(
      'decided_already',
    );
    expect(await table.getOperation('op-decide')).toMatchObject({ decision: 'auto_repair', decisionRule: 'allowed' });
    expect((await table.listAudit('op-decide')).map((record) => record.auditId)).not.toContain(second.auditId);
  });

  it('does not decide an operation that does not exist', async () => {
    expect(
      await remediation.recordDecision({ operationId: 'op-missing', targetName: 't', changes, audit: audit('op-missing', AUDIT_KINDS.remediationDecided) }),
    ).toBe('decided_already');
    expect(await table.getOperation('op-missing')).toBeUndefined();
  });

  it('takes tokens from both buckets only if neither moved since it read them', async () => {
    const target = 'buckets';
    await createRemediation('op-b1', target);
    await createRemediation('op-b2', target);
    await createRemediation('op-b3', target);
    const full = { target: { after: { tokens: 2, updatedAtMs: 100 } }, global: { after: { tokens: 9, updatedAtMs: 100 } } };
    expect(
      await remediation.recordDecision({
        operationId: 'op-b1',
        targetName: target,
        changes,
        audit: audit('op-b1', AUDIT_KINDS.remediationDecided, target),
        takes: full,
      }),
    ).toBe('recorded');
    expect((await remediation.readTargetControl(target)).bucket).toEqual({ tokens: 2, updatedAtMs: 100 });
    expect((await remediation.readGlobalControl()).bucket).toEqual({ tokens: 9, updatedAtMs: 100 });

    // Decided on a stale read (no bucket yet): the target bucket moved.
    const staleTarget = {
      target: { after: { tokens: 2, updatedAtMs: 200 } },
      global: { before: { tokens: 9, updatedAtMs: 100 }, after: { tokens: 8, updatedAtMs: 200 } },
    };
    const lost = audit('op-b2', AUDIT_KINDS.remediationDecided, target);
    expect(await remediation.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: staleTarget })).toBe('bucket_moved');
    // The global bucket moved instead.
    const staleGlobal = {
      target: { before: { tokens: 2, updatedAtMs: 100 }, after: { tokens: 1, updatedAtMs: 200 } },
      global: { before: { tokens: 5, updatedAtMs: 1 }, after: { tokens: 4, updatedAtMs: 200 } },
    };
    expect(await remediation.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: staleGlobal })).toBe('bucket_moved');
    // Neither took a token, decided the operation nor wrote its audit record.
    expect((await remediation.readTargetControl(target)).bucket).toEqual({ tokens: 2, updatedAtMs: 100 });
    expect((await remediation.readGlobalControl()).bucket).toEqual({ tokens: 9, updatedAtMs: 100 });
    expect((await table.getOperation('op-b2'))?.decision).toBeUndefined();
    expect((await table.listAudit('op-b2')).map((record) => record.kind)).toEqual([AUDIT_KINDS.incidentDetected]);

    const fresh = {
      target: { before: { tokens: 2, updatedAtMs: 100 }, after: { tokens: 1, updatedAtMs: 200 } },
      global: { before: { tokens: 9, updatedAtMs: 100 }, after: { tokens: 8, updatedAtMs: 200 } },
    };
    expect(await remediation.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: fresh })).toBe('recorded');
    expect((await remediation.readTargetControl(target)).bucket).toEqual({ tokens: 1, updatedAtMs: 200 });
    expect((await remediation.readGlobalControl()).bucket).toEqual({ tokens: 8, updatedAtMs: 200 });

    // An operation already decided is reported as such even when its bucket read is stale.
    expect(
      await remediation.recordDecision({
        operationId: 'op-b2',
        targetName: target,
        changes,
        audit: audit('op-b2', AUDIT_KINDS.remediationDecided, target),
        takes: fresh,
      }),
    ).toBe('decided_already');
  });
});

describe('claimEscalation', () => {
  it('grants one notification per quiet window (again to the operation that holds it), and audits every claim', async () => {
    const claim = (operationId: string, atMs: number) =>
      remediation.claimEscalation({
        targetName: 'esc',
        operationId,
        atMs,
        quietSeconds: 3600,
        audit: audit(operationId, AUDIT_KINDS.escalationRecorded, 'esc'),
      });
    expect(await claim('op-e1', 1_000_000)).toBe(true);
    expect((await remediation.readTargetControl('esc')).lastNotifiedAtMs).toBe(1_000_000);
    expect(await claim('op-e2', 1_000_000 + 60_000)).toBe(false);
    // A retried escalation task of the same operation still sends its one message.
    expect(await claim('op-e1', 1_000_000 + 61_000)).toBe(true);
    expect(await claim('op-e3', 1_000_000 + 61_000 + 3_600_000)).toBe(true);
    expect((await remediation.readTargetControl('esc')).lastNotifiedAtMs).toBe(1_000_000 + 61_000 + 3_600_000);

    expect((await table.listAudit('op-e2')).map((record) => record.detail)).toEqual([{ notify: false }]);
    expect((await table.listAudit('op-e3')).map((record) => record.detail)).toEqual([{ notify: true }]);
  });
});

describe('recordDuplicate', () => {
  it('counts each further delivery of an incident after auditing it', async () => {
    await createRemediation('op-dup');
    const counts = [];
    for (let i = 0; i < 3; i += 1) counts.push(await remediation.recordDuplicate('op-dup', audit('op-dup', AUDIT_KINDS.incidentDuplicate)));
    expect(counts).toEqual([1, 2, 3]);
    expect(await table.getOperation('op-dup')).toMatchObject({ duplicatesSuppressed: 3 });
    expect((await table.listAudit('op-dup')).filter((record) => record.kind === AUDIT_KINDS.incidentDuplicate)).toHaveLength(3);
  });

  it('refuses to count a delivery of an incident that was never claimed', async () => {
    await expect(remediation.recordDuplicate('op-nobody', audit('op-nobody', AUDIT_KINDS.incidentDuplicate))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    expect(await table.getOperation('op-nobody')).toBeUndefined();
  });
});

describe('listRecentIncidents', () => {
  it("returns only the target's alarm-triggered remediations created within the window", async () => {
    let nowMs = 0;
    const newId = ulidGenerator({ nowMs: () => nowMs });
    const at = (ms: number) => {
      nowMs = ms;
      return newId();
    };
    const base = Date.parse('2026-01-01T00:00:00Z');
    const windowStart = base + 10 * 60_000;
    const windowEnd = base + 20 * 60_000;
    const tooEarly = at(windowStart - 1_000);
    const first = at(windowStart);
    const manual = at(windowStart + 60_000);
    const rollout = at(windowStart + 120_000);
    const otherTarget = at(windowStart + 180_000);
    const last = at(windowEnd);
    const tooLate = at(windowEnd + 1_000);
    await createRemediation(tooEarly, 'recent');
    await createRemediation(first, 'recent');
    await createRemediation(manual, 'recent', { trigger: 'manual' });
    await table.createOperation(
      { operationId: rollout, kind: 'rollout', targetName: 'recent', newVersion: '2', status: 'pending', createdAtMs: 0, updatedAtMs: 0 },
      audit(rollout, AUDIT_KINDS.operationCreated, 'recent'),
    );
    await createRemediation(otherTarget, 'recent-other');
    await createRemediation(last, 'recent');
    await createRemediation(tooLate, 'recent');

    const found = await remediation.listRecentIncidents('recent', windowStart, windowEnd);
    expect(found.map((operation) => operation.operationId).sort()).toEqual([first, last]);
    expect(found.every((operation) => operation.kind === 'remediation' && operation.trigger === 'alarm' && operation.targetName === 'recent')).toBe(true);
  });
});
