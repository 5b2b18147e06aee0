import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { IncidentTable } from '../../../functions/adapters/incident-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { ulidGenerator } from '../../../functions/core/ids.js';
import type { RemediationOperation } from '../../../functions/schema/operation-item.js';
import { audit, rolloutRecord, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let incidents: IncidentTable;
let operations: OperationTable;
let controls: ControlReader;
let trail: AuditTrail;

beforeAll(async () => {
  table = await tableFixture('incident-table');
  incidents = new IncidentTable(table.client, table.tableName);
  operations = new OperationTable(table.client, table.tableName);
  controls = new ControlReader(table.client, table.tableName);
  trail = new AuditTrail(table.client, table.tableName);
});
afterAll(() => table.close());

function remediation(operationId: string, targetName: string, changes: Partial<RemediationOperation> = {}): RemediationOperation {
  return { operationId, kind: 'remediation', targetName, status: 'pending', trigger: 'alarm', action: 'rollback', createdAtMs: 0, updatedAtMs: 0, ...changes };
}

async function createRemediation(operationId: string, targetName = 't', changes: Partial<RemediationOperation> = {}): Promise<void> {
  await operations.create(remediation(operationId, targetName, changes), audit(operationId, AUDIT_KINDS.incidentDetected, targetName));
}

describe('recordDecision', () => {
  const changes = { decision: 'auto_repair' as const, decisionRule: 'allowed' as const, decisionReason: 'go', updatedAtMs: 10 };

  it('decides only an undecided operation, taking each bucket only if it is as it was read, in one transaction', async () => {
    await createRemediation('op-1', 'exact');
    const record = audit('op-1', AUDIT_KINDS.remediationDecided, 'exact');
    const takes = {
      target: { after: { tokens: 2, updatedAtMs: 9 } },
      global: { after: { tokens: 9, updatedAtMs: 9 } },
    };
    table.take();
    expect(await incidents.recordDecision({ operationId: 'op-1', targetName: 'exact', changes: { decision: 'auto_repair' }, audit: record, takes })).toBe(
      'recorded',
    );
    expect(table.take()).toEqual([
      {
        command: 'TransactWriteItemsCommand',
        input: {
          TransactItems: [
            {
              Update: {
                TableName: table.tableName,
                Key: { pk: { S: 'OP#op-1' }, sk: { S: 'OP' } },
                UpdateExpression: 'SET #f0 = :v0',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
                ExpressionAttributeNames: { '#f0': 'decision' },
                ExpressionAttributeValues: { ':v0': { S: 'auto_repair' } },
              },
            },
            {
              Put: {
                TableName: table.tableName,
                Item: { pk: { S: 'TARGET#exact' }, sk: { S: 'BUCKET' }, tokens: { N: '2' }, updatedAtMs: { N: '9' } },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table.tableName,
                Item: { pk: { S: 'GLOBAL' }, sk: { S: 'BUCKET' }, tokens: { N: '9' }, updatedAtMs: { N: '9' } },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: expect.objectContaining({
                TableName: table.tableName,
                ConditionExpression: 'attribute_not_exists(pk)',
                Item: expect.objectContaining({ pk: { S: 'OP#op-1' }, sk: { S: `AUDIT#${record.auditId}` } }),
              }),
            },
          ],
        },
      },
    ]);
  });

  it('records the decision once: a second delivery finds it decided and writes nothing', async () => {
    await createRemediation('op-decide');
    const first = audit('op-decide', AUDIT_KINDS.remediationDecided);
    expect(await incidents.recordDecision({ operationId: 'op-decide', targetName: 't', changes, audit: first })).toBe('recorded');
    const second = audit('op-decide', AUDIT_KINDS.remediationDecided);
    expect(await incidents.recordDecision({ operationId: 'op-decide', targetName: 't', changes: { ...changes, decision: 'escalate' }, audit: second })).toBe(
      'decided_already',
    );
    expect(await operations.get('op-decide')).toMatchObject({ decision: 'auto_repair', decisionRule: 'allowed' });
    expect((await trail.list('op-decide')).map((record) => record.auditId)).not.toContain(second.auditId);
  });

  it('does not decide an operation that does not exist', async () => {
    expect(
      await incidents.recordDecision({ operationId: 'op-missing', targetName: 't', changes, audit: audit('op-missing', AUDIT_KINDS.remediationDecided) }),
    ).toBe('decided_already');
    expect(await operations.get('op-missing')).toBeUndefined();
  });

  it('takes tokens from both buckets only if neither moved since it read them', async () => {
    const target = 'buckets';
    await createRemediation('op-b1', target);
    await createRemediation('op-b2', target);
    // The global bucket as an earlier decision left it.
    const globalBefore = (await controls.readGlobal()).bucket;
    expect(
      await incidents.recordDecision({
        operationId: 'op-b1',
        targetName: target,
        changes,
        audit: audit('op-b1', AUDIT_KINDS.remediationDecided, target),
        takes: { target: { after: { tokens: 2, updatedAtMs: 100 } }, global: { before: globalBefore, after: { tokens: 9, updatedAtMs: 100 } } },
      }),
    ).toBe('recorded');
    expect((await controls.readTarget(target)).bucket).toEqual({ tokens: 2, updatedAtMs: 100 });
    expect((await controls.readGlobal()).bucket).toEqual({ tokens: 9, updatedAtMs: 100 });

    // Decided on a stale read (no bucket yet): the target bucket moved.
    const staleTarget = {
      target: { after: { tokens: 2, updatedAtMs: 200 } },
      global: { before: { tokens: 9, updatedAtMs: 100 }, after: { tokens: 8, updatedAtMs: 200 } },
    };
    const lost = audit('op-b2', AUDIT_KINDS.remediationDecided, target);
    expect(await incidents.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: staleTarget })).toBe('bucket_moved');
    // The global bucket moved instead.
    const staleGlobal = {
      target: { before: { tokens: 2, updatedAtMs: 100 }, after: { tokens: 1, updatedAtMs: 200 } },
      global: { before: { tokens: 5, updatedAtMs: 1 }, after: { tokens: 4, updatedAtMs: 200 } },
    };
    expect(await incidents.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: staleGlobal })).toBe('bucket_moved');
    // Neither took a token, decided the operation nor wrote its audit record.
    expect((await controls.readTarget(target)).bucket).toEqual({ tokens: 2, updatedAtMs: 100 });
    expect((await controls.readGlobal()).bucket).toEqual({ tokens: 9, updatedAtMs: 100 });
    expect(await operations.get('op-b2')).not.toHaveProperty('decision');
    expect((await trail.list('op-b2')).map((record) => record.kind)).toEqual([AUDIT_KINDS.incidentDetected]);

    const fresh = {
      target: { before: { tokens: 2, updatedAtMs: 100 }, after: { tokens: 1, updatedAtMs: 200 } },
      global: { before: { tokens: 9, updatedAtMs: 100 }, after: { tokens: 8, updatedAtMs: 200 } },
    };
    expect(await incidents.recordDecision({ operationId: 'op-b2', targetName: target, changes, audit: lost, takes: fresh })).toBe('recorded');
    expect((await controls.readTarget(target)).bucket).toEqual({ tokens: 1, updatedAtMs: 200 });
    expect((await controls.readGlobal()).bucket).toEqual({ tokens: 8, updatedAtMs: 200 });

    // An operation already decided is reported as such even when its bucket read is stale.
    expect(
      await incidents.recordDecision({
        operationId: 'op-b2',
        targetName: target,
        changes,
        audit: audit('op-b2', AUDIT_KINDS.remediationDecided, target),
        takes: fresh,
      }),
    ).toBe('decided_already');
  });
});

describe('recordDuplicate', () => {
  it('counts each further delivery of an incident after auditing it', async () => {
    await createRemediation('op-dup');
    const counts = [];
    for (let i = 0; i < 3; i += 1) counts.push(await incidents.recordDuplicate('op-dup', audit('op-dup', AUDIT_KINDS.incidentDuplicate)));
    expect(counts).toEqual([1, 2, 3]);
    expect(await operations.get('op-dup')).toMatchObject({ duplicatesSuppressed: 3 });
    expect((await trail.list('op-dup')).filter((record) => record.kind === AUDIT_KINDS.incidentDuplicate)).toHaveLength(3);
  });

  it('refuses to count a delivery of an incident that was never claimed', async () => {
    await expect(incidents.recordDuplicate('op-nobody', audit('op-nobody', AUDIT_KINDS.incidentDuplicate))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    expect(await operations.get('op-nobody')).toBeUndefined();
  });
});

describe('recordRepairIntent', () => {
  it('audits the intent behind the fence and starts the action’s cooldown in the same transaction', async () => {
    await createRemediation('op-intent', 'cool');
    table.take();
    await expect(
      incidents.recordRepairIntent({
        targetName: 'cool',
        operationId: 'op-intent',
        epoch: 1,
        action: 'rollback',
        atMs: 50,
        renewUntilMs: 500,
        audit: audit('op-intent', AUDIT_KINDS.repairIntended, 'cool'),
        operationChanges: { status: 'running', updatedAtMs: 50 },
      }),
    ).rejects.toMatchObject({ code: 'Braid.LeaseLost' });
    const { input } = table.takeOne();
    expect(input.TransactItems[3]).toEqual({
      Update: {
        TableName: table.tableName,
        Key: { pk: { S: 'TARGET#cool' }, sk: { S: 'COOLDOWN#rollback' } },
        UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
        ExpressionAttributeNames: { '#f0': 'lastRepairAtMs', '#f1': 'operationId' },
        ExpressionAttributeValues: { ':v0': { N: '50' }, ':v1': { S: 'op-intent' } },
      },
    });
    // The fence refused (nobody holds the lease): no cooldown started.
    expect((await controls.readTarget('cool')).lastRepairAtMs).toEqual({});
  });
});

describe('listRecent', () => {
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
    await operations.create(rolloutRecord(rollout, { targetName: 'recent' }), audit(rollout, AUDIT_KINDS.operationCreated, 'recent'));
    await createRemediation(otherTarget, 'recent-other');
    await createRemediation(last, 'recent');
    await createRemediation(tooLate, 'recent');

    const found = await incidents.listRecent('recent', windowStart, windowEnd);
    expect(found.map((operation) => operation.operationId).sort()).toEqual([first, last]);
    expect(found.every((operation) => operation.kind === 'remediation' && operation.trigger === 'alarm' && operation.targetName === 'recent')).toBe(true);
  });
});
