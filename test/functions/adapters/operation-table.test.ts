import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { LeaseTable } from '../../../functions/adapters/lease-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { audit, rolloutRecord, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let operations: OperationTable;
let leases: LeaseTable;

beforeAll(async () => {
  table = await tableFixture('operation-table');
  operations = new OperationTable(table.client, table.tableName);
  leases = new LeaseTable(table.client, table.tableName);
});
afterAll(() => table.close());

describe('OperationTable', () => {
  it('creates an operation once, listed under its target, with its first audit record', async () => {
    const created = audit('op-a', AUDIT_KINDS.operationCreated);
    table.take();
    expect(await operations.create(rolloutRecord('op-a'), created)).toBe('created');
    const { input } = table.takeOne();
    expect(input.TransactItems[0]).toEqual({
      Put: {
        TableName: table.tableName,
        Item: {
          pk: { S: 'OP#op-a' },
          sk: { S: 'OP' },
          gsi1pk: { S: 'TARGET#t' },
          gsi1sk: { S: 'OP#op-a' },
          operationId: { S: 'op-a' },
          kind: { S: 'rollout' },
          targetName: { S: 't' },
          newVersion: { S: '2' },
          status: { S: 'pending' },
          planSteps: { N: '2' },
          createdAtMs: { N: '0' },
          updatedAtMs: { N: '0' },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const again = audit('op-a', AUDIT_KINDS.operationCreated);
    expect(await operations.create({ ...rolloutRecord('op-a'), newVersion: '3' }, again)).toBe('exists');
    expect(await operations.get('op-a')).toEqual(rolloutRecord('op-a'));
    expect(new Set((await new AuditTrail(table.client, table.tableName).list('op-a')).map((record) => record.auditId))).toEqual(new Set([created.auditId]));
  });

  it('lists a target’s operations newest first', async () => {
    await operations.create(rolloutRecord('op-b'), audit('op-b', AUDIT_KINDS.operationCreated));
    expect((await operations.listForTarget('t')).map((operation) => operation.operationId)).toEqual(['op-b', 'op-a']);
    expect(await operations.listForTarget('nobody')).toEqual([]);
  });

  it('releases the lease on finishing only if the operation still holds it at its epoch, never one it did not take', async () => {
    await leases.acquire({
      targetName: 't',
      operationId: 'op-a',
      epoch: 1,
      expected: undefined,
      acquiredAtMs: 0,
      expiresAtMs: 1e12,
      audit: audit('op-a', AUDIT_KINDS.leaseAcquired),
    });
    table.take();
    const result = await operations.finish({
      targetName: 't',
      operationId: 'op-b',
      epoch: 1,
      status: 'refused',
      outcomeReason: 'busy',
      atMs: 1,
      audit: audit('op-b', AUDIT_KINDS.operationFinished),
      releaseAudit: audit('op-b', AUDIT_KINDS.leaseReleased),
    });
    expect(result.released).toBe(false);
    const [attempt, fallback] = table.take();
    expect(attempt!.input.TransactItems[0]).toEqual({
      Update: {
        TableName: table.tableName,
        Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
        UpdateExpression: 'REMOVE holder, expiresAtMs SET releasedAtMs = :at, releasedBy = :holder',
        ConditionExpression: 'holder = :holder AND epoch = :epoch',
        ExpressionAttributeValues: { ':holder': { S: 'op-b' }, ':epoch': { N: '1' }, ':at': { N: '1' } },
      },
    });
    expect(fallback!.input.TransactItems).toHaveLength(2);
    expect((await leases.get('t'))?.holder).toBe('op-a');
    expect(await operations.get('op-b')).toMatchObject({ status: 'refused', outcomeReason: 'busy' });

    expect(
      await operations.finish({
        targetName: 't',
        operationId: 'op-a',
        epoch: 1,
        status: 'promoted',
        outcomeReason: 'done',
        atMs: 2,
        audit: audit('op-a', AUDIT_KINDS.operationFinished),
        releaseAudit: audit('op-a', AUDIT_KINDS.leaseReleased),
      }),
    ).toEqual({ released: true });
    expect(await leases.get('t')).toEqual({ targetName: 't', epoch: 1, acquiredAtMs: 0, releasedAtMs: 2, releasedBy: 'op-a' });
  });
});
