import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { BreakerTable } from '../../../functions/adapters/breaker-table.js';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { audit, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;

beforeAll(async () => {
  table = await tableFixture('breaker-table');
});
afterAll(() => table.close());

describe('BreakerTable', () => {
  it('stores the breaker with its audit record, in one transaction', async () => {
    const record = audit('op-breaker', AUDIT_KINDS.breakerChanged, 'br');
    table.take();
    await new BreakerTable(table.client, table.tableName).set('br', { consecutiveFailures: 3, open: true, openedAtMs: 42 }, record);
    const { command, input } = table.takeOne();
    expect(command).toBe('TransactWriteItemsCommand');
    expect(input.TransactItems[1]).toEqual({
      Put: {
        TableName: table.tableName,
        Item: { pk: { S: 'TARGET#br' }, sk: { S: 'BREAKER' }, consecutiveFailures: { N: '3' }, open: { BOOL: true }, openedAtMs: { N: '42' } },
      },
    });
    expect((await new ControlReader(table.client, table.tableName).readTarget('br')).breaker).toEqual({ consecutiveFailures: 3, open: true, openedAtMs: 42 });
    expect(await new AuditTrail(table.client, table.tableName).list('op-breaker')).toEqual([record]);
  });
});
