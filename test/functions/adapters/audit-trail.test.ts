import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { LeaseLostError } from '../../../functions/core/errors.js';
import { audit, leasedRollout, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let trail: AuditTrail;
let operations: OperationTable;

beforeAll(async () => {
  table = await tableFixture('audit-trail');
  trail = new AuditTrail(table.client, table.tableName);
  operations = new OperationTable(table.client, table.tableName);
  await leasedRollout(table, 'op-1', 3);
});
afterAll(() => table.close());

describe('AuditTrail', () => {
  it('fences a write with a ConditionCheck on holder and epoch, then the append-only audit put', async () => {
    const record = audit('op-1', AUDIT_KINDS.aliasShiftIntended);
    table.take();
    await trail.writeFenced({ targetName: 't', operationId: 'op-1', epoch: 3, audit: record });
    expect(table.take()).toEqual([
      {
        command: 'TransactWriteItemsCommand',
        input: {
          TransactItems: [
            {
              ConditionCheck: {
                TableName: table.tableName,
                Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
                ConditionExpression: 'holder = :holder AND epoch = :epoch',
                ExpressionAttributeValues: { ':holder': { S: 'op-1' }, ':epoch': { N: '3' } },
              },
            },
            {
              Put: {
                TableName: table.tableName,
                Item: {
                  pk: { S: 'OP#op-1' },
                  sk: { S: `AUDIT#${record.auditId}` },
                  gsi1pk: { S: 'TARGET#t' },
                  gsi1sk: { S: `AUDIT#${record.auditId}` },
                  auditId: { S: record.auditId },
                  kind: { S: 'alias.shift.intended' },
                  operationId: { S: 'op-1' },
                  targetName: { S: 't' },
                  atMs: { N: String(record.atMs) },
                  actor: { S: 'test' },
                  detail: { M: {} },
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        },
      },
    ]);
    expect((await trail.list('op-1')).at(-1)).toEqual(record);
  });

  it('renews the lease in the same transaction when asked, with the operation’s changes', async () => {
    table.take();
    await trail.writeFenced({
      targetName: 't',
      operationId: 'op-1',
      epoch: 3,
      audit: audit('op-1', AUDIT_KINDS.aliasShiftIntended),
      operationChanges: { currentStep: 0 },
      renewUntilMs: 5_000,
    });
    const { input } = table.takeOne();
    expect(input.TransactItems[0]).toEqual({
      Update: {
        TableName: table.tableName,
        Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
        UpdateExpression: 'SET expiresAtMs = :until',
        ConditionExpression: 'holder = :holder AND epoch = :epoch',
        ExpressionAttributeValues: { ':holder': { S: 'op-1' }, ':epoch': { N: '3' }, ':until': { N: '5000' } },
      },
    });
    expect(input.TransactItems[2].Update).toMatchObject({ Key: { pk: { S: 'OP#op-1' }, sk: { S: 'OP' } }, ConditionExpression: 'attribute_exists(pk)' });
    expect(await operations.get('op-1')).toMatchObject({ currentStep: 0 });
  });

  it('refuses a fenced write with a stale epoch as LeaseLostError, and writes nothing', async () => {
    const stale = audit('op-1', AUDIT_KINDS.aliasShiftIntended);
    await expect(trail.writeFenced({ targetName: 't', operationId: 'op-1', epoch: 2, audit: stale })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await trail.list('op-1')).map((record) => record.auditId)).not.toContain(stale.auditId);
  });

  it('keeps the audit trail append-only', async () => {
    const record = audit('op-1', AUDIT_KINDS.gateVerdict);
    await trail.append(record);
    await expect(trail.append({ ...record, detail: { rewritten: true } })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await trail.list('op-1')).find((item) => item.auditId === record.auditId)?.detail).toEqual({});
  });
});
