import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { EscalationTable } from '../../../functions/adapters/escalation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { audit, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;

beforeAll(async () => {
  table = await tableFixture('escalation-table');
});
afterAll(() => table.close());

describe('EscalationTable', () => {
  it('grants one notification per quiet window (again to the operation that holds it), and audits every claim', async () => {
    const escalations = new EscalationTable(table.client, table.tableName);
    const controls = new ControlReader(table.client, table.tableName);
    const trail = new AuditTrail(table.client, table.tableName);
    const claim = (operationId: string, atMs: number) =>
      escalations.claim({ targetName: 'esc', operationId, atMs, quietSeconds: 3600, audit: audit(operationId, AUDIT_KINDS.escalationRecorded, 'esc') });
    table.take();
    expect(await claim('op-e1', 1_000_000)).toBe(true);
    const { input } = table.takeOne();
    expect(input.TransactItems[0]).toEqual({
      Put: {
        TableName: table.tableName,
        Item: { pk: { S: 'TARGET#esc' }, sk: { S: 'ESCALATION' }, notifiedAtMs: { N: '1000000' }, operationId: { S: 'op-e1' } },
        ConditionExpression: 'attribute_not_exists(pk) OR notifiedAtMs <= :quietSince OR operationId = :me',
        ExpressionAttributeValues: { ':quietSince': { N: String(1_000_000 - 3_600_000) }, ':me': { S: 'op-e1' } },
      },
    });
    expect((await controls.readTarget('esc')).lastNotifiedAtMs).toBe(1_000_000);
    expect(await claim('op-e2', 1_000_000 + 60_000)).toBe(false);
    // A retried escalation task of the same operation still sends its one message.
    expect(await claim('op-e1', 1_000_000 + 61_000)).toBe(true);
    expect(await claim('op-e3', 1_000_000 + 61_000 + 3_600_000)).toBe(true);
    expect((await controls.readTarget('esc')).lastNotifiedAtMs).toBe(1_000_000 + 61_000 + 3_600_000);

    expect((await trail.list('op-e2')).map((record) => record.detail)).toEqual([{ notify: false }]);
    expect((await trail.list('op-e3')).map((record) => record.detail)).toEqual([{ notify: true }]);
  });
});
