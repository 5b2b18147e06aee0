import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldTable } from '../../../functions/adapters/hold-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { LeaseLostError } from '../../../functions/core/errors.js';
import { HoldNotPendingError, type HoldRecord } from '../../../functions/core/holds.js';
import { audit, leasedRollout, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let holds: HoldTable;
let operations: OperationTable;

const hold = (holdId: string): HoldRecord => ({
  holdId,
  operationId: 'op-1',
  targetName: 't',
  kind: 'approval',
  index: 1,
  token: `token-${holdId}`,
  status: 'pending',
  requestedAtMs: 10,
  expiresAtMs: 3_610,
  gateAlarmNames: ['errors'],
});

beforeAll(async () => {
  table = await tableFixture('hold-table');
  holds = new HoldTable(table.client, table.tableName);
  operations = new OperationTable(table.client, table.tableName);
  await leasedRollout(table, 'op-1', 1);
});
afterAll(() => table.close());

describe('HoldTable', () => {
  it('records a pending hold behind the lease fence, in the pending partition of the index, and marks the operation waiting', async () => {
    table.take();
    await holds.put(hold('H1'), audit('op-1', AUDIT_KINDS.holdRequested), 'awaiting_approval', { epoch: 1, renewUntilMs: 5_000 });
    const { input } = table.takeOne();
    expect(input.TransactItems.map((item: Record<string, unknown>) => Object.keys(item)[0])).toEqual(['Update', 'Put', 'Put', 'Update']);
    expect(input.TransactItems[0].Update).toMatchObject({
      Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
      ConditionExpression: 'holder = :holder AND epoch = :epoch',
    });
    expect(input.TransactItems[1].Put).toMatchObject({
      Item: { pk: { S: 'OP#op-1' }, sk: { S: 'HOLD#H1' }, gsi1pk: { S: 'HOLDS#pending' }, gsi1sk: { S: 'op-1#H1' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(await holds.listPending()).toEqual([hold('H1')]);
    expect(await operations.get('op-1')).toMatchObject({ status: 'awaiting_approval' });
  });

  it('refuses a hold behind a lost lease', async () => {
    await expect(holds.put(hold('H2'), audit('op-1', AUDIT_KINDS.holdRequested), 'paused', { epoch: 7, renewUntilMs: 5_000 })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect((await holds.list('op-1')).map((item) => item.holdId)).toEqual(['H1']);
  });

  it('decides a pending hold once: it leaves the pending partition, and a second decision is refused naming the first', async () => {
    await holds.decide({ hold: hold('H1'), status: 'approved', by: 'alice', reason: 'fine', atMs: 20, audit: audit('op-1', AUDIT_KINDS.holdDecided) });
    expect(await holds.listPending()).toEqual([]);
    expect(await holds.list('op-1')).toEqual([{ ...hold('H1'), status: 'approved', decidedBy: 'alice', reason: 'fine', decidedAtMs: 20 }]);
    expect(await operations.get('op-1')).toMatchObject({ status: 'running' });
    const second = holds.decide({ hold: hold('H1'), status: 'rejected', by: 'bob', atMs: 21, audit: audit('op-1', AUDIT_KINDS.holdDecided) });
    await expect(second).rejects.toBeInstanceOf(HoldNotPendingError);
    await expect(second).rejects.toThrow('Operation op-1 is not waiting for a decision on step 2 (approval): it was already approved by alice.');
  });
});
