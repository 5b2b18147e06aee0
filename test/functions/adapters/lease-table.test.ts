import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseTable } from '../../../functions/adapters/lease-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { TargetBusyError } from '../../../functions/core/errors.js';
import { audit, rolloutRecord, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let leases: LeaseTable;
let operations: OperationTable;

beforeAll(async () => {
  table = await tableFixture('lease-table');
  leases = new LeaseTable(table.client, table.tableName);
  operations = new OperationTable(table.client, table.tableName);
});
afterAll(() => table.close());

async function operation(operationId: string, targetName = 't'): Promise<void> {
  await operations.create(rolloutRecord(operationId, { targetName }), audit(operationId, AUDIT_KINDS.operationCreated, targetName));
}

describe('LeaseTable', () => {
  it('takes a free lease in one transaction: the lease only if none exists, its audit record, the operation running', async () => {
    await operation('op-free', 'free');
    table.take();
    const record = audit('op-free', AUDIT_KINDS.leaseAcquired, 'free');
    await leases.acquire({ targetName: 'free', operationId: 'op-free', epoch: 1, expected: undefined, acquiredAtMs: 5, expiresAtMs: 99, audit: record });
    expect(table.take()).toEqual([
      {
        command: 'TransactWriteItemsCommand',
        input: {
          TransactItems: [
            {
              Put: {
                TableName: table.tableName,
                Item: {
                  pk: { S: 'TARGET#free' },
                  sk: { S: 'LEASE' },
                  targetName: { S: 'free' },
                  holder: { S: 'op-free' },
                  epoch: { N: '1' },
                  acquiredAtMs: { N: '5' },
                  expiresAtMs: { N: '99' },
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table.tableName,
                Item: expect.objectContaining({ pk: { S: 'OP#op-free' }, sk: { S: `AUDIT#${record.auditId}` } }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table.tableName,
                Key: { pk: { S: 'OP#op-free' }, sk: { S: 'OP' } },
                UpdateExpression: 'SET #f0 = :v0, #f1 = :v1, #f2 = :v2',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#f0': 'status', '#f1': 'epoch', '#f2': 'updatedAtMs' },
                ExpressionAttributeValues: { ':v0': { S: 'running' }, ':v1': { N: '1' }, ':v2': { N: '5' } },
              },
            },
          ],
        },
      },
    ]);
    expect(await leases.get('free')).toEqual({ targetName: 'free', holder: 'op-free', epoch: 1, acquiredAtMs: 5, expiresAtMs: 99 });
    expect(await operations.get('op-free')).toMatchObject({ status: 'running', epoch: 1 });
  });

  it('takes a held lease only at the epoch it read', async () => {
    await operation('op-next', 'free');
    const expected = await leases.get('free');
    table.take();
    await leases.acquire({
      targetName: 'free',
      operationId: 'op-next',
      epoch: 2,
      expected,
      acquiredAtMs: 100,
      expiresAtMs: 200,
      audit: audit('op-next', AUDIT_KINDS.leaseAcquired, 'free'),
    });
    const [transaction] = table.take();
    expect(transaction!.input.TransactItems[0].Put).toMatchObject({
      ConditionExpression: 'epoch = :expected',
      ExpressionAttributeValues: { ':expected': { N: '1' } },
    });
    expect(await leases.get('free')).toMatchObject({ holder: 'op-next', epoch: 2 });
  });

  it('lets exactly one of twenty concurrent acquirers take a free lease; the others get TargetBusyError naming the winner', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    for (const id of ids) await operation(id);
    const results = await Promise.allSettled(
      ids.map((operationId) =>
        leases.acquire({
          targetName: 't',
          operationId,
          epoch: 1,
          expected: undefined,
          acquiredAtMs: 0,
          expiresAtMs: 1e12,
          audit: audit(operationId, AUDIT_KINDS.leaseAcquired),
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lease = await leases.get('t');
    expect(lease?.epoch).toBe(1);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason);
    expect(refusals.every((reason) => reason instanceof TargetBusyError && reason.holder === lease?.holder)).toBe(true);
  });
});
