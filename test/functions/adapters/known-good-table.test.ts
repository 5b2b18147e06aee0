import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { KnownGoodTable } from '../../../functions/adapters/known-good-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { audit, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;

beforeAll(async () => {
  table = await tableFixture('known-good-table');
});
afterAll(() => table.close());

describe('KnownGoodTable', () => {
  it('records the version a promotion left and the one before it in the target’s partition, with its audit record', async () => {
    const knownGood = { current: '3', lastKnownGood: '2', atMs: 7, operationId: 'op-kg' };
    table.take();
    await new KnownGoodTable(table.client, table.tableName).record('kg', knownGood, audit('op-kg', AUDIT_KINDS.knownGoodRecorded, 'kg'));
    const { input } = table.takeOne();
    expect(input.TransactItems[1]).toEqual({
      Put: {
        TableName: table.tableName,
        Item: {
          pk: { S: 'TARGET#kg' },
          sk: { S: 'KNOWN_GOOD' },
          current: { S: '3' },
          lastKnownGood: { S: '2' },
          atMs: { N: '7' },
          operationId: { S: 'op-kg' },
        },
      },
    });
    expect((await new ControlReader(table.client, table.tableName).readTarget('kg')).knownGood).toEqual(knownGood);
  });
});
