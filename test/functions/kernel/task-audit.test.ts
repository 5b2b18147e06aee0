import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { LeaseLostError } from '../../../functions/core/errors.js';
import { appendAudit, auditRecord, auditScope, writeFencedAudit } from '../../../functions/kernel/task-audit.js';
import { tableFixture, type TableFixture } from '../adapters/table-fixture.js';

let table: TableFixture;
let ids = 0;
const deps = () => ({ audit: new AuditTrail(table.client, table.tableName), clock: { nowMs: () => 1_000 }, newId: () => `ID${(ids += 1)}` });

beforeAll(async () => {
  table = await tableFixture('task-audit');
});
afterAll(() => table.close());

describe('the task audit helpers', () => {
  it('scope a record to the state’s operation and target, with the epoch of the lease it holds, if any', () => {
    expect(auditScope({ operationId: 'op', targetName: 't', lease: { epoch: 4 } }, 'braid:decide')).toEqual({
      operationId: 'op',
      targetName: 't',
      actor: 'braid:decide',
      epoch: 4,
    });
    expect(auditScope({ operationId: 'op', targetName: 't' }, 'braid:prepare-rollout').epoch).toBeUndefined();
  });

  it('stamp a record with a new id and the task’s clock', () => {
    expect(auditRecord(deps(), { operationId: 'op', targetName: 't', actor: 'a', kind: AUDIT_KINDS.gateVerdict, detail: { x: 1 } })).toEqual({
      auditId: `ID${ids}`,
      atMs: 1_000,
      operationId: 'op',
      targetName: 't',
      actor: 'a',
      kind: AUDIT_KINDS.gateVerdict,
      detail: { x: 1 },
    });
  });

  it('write a fenced record only behind the lease at the scope’s epoch, and an unfenced one as it is', async () => {
    const scope = { operationId: 'op', targetName: 't', actor: 'braid:plan-shift', epoch: 2 };
    table.take();
    await expect(writeFencedAudit(deps(), scope, AUDIT_KINDS.aliasShiftIntended, { step: 0 }, { renewUntilMs: 9 })).rejects.toBeInstanceOf(LeaseLostError);
    const fenced = table.takeOne();
    expect(fenced.input.TransactItems[0].Update).toMatchObject({
      Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
      ConditionExpression: 'holder = :holder AND epoch = :epoch',
      ExpressionAttributeValues: { ':holder': { S: 'op' }, ':epoch': { N: '2' }, ':until': { N: '9' } },
    });
    expect(fenced.input.TransactItems[1].Put.Item).toMatchObject({ kind: { S: 'alias.shift.intended' }, epoch: { N: '2' }, actor: { S: 'braid:plan-shift' } });

    await appendAudit(deps(), scope, AUDIT_KINDS.operationFlagged, { reason: 'r' });
    expect(table.takeOne().command).toBe('PutItemCommand');
    expect(await new AuditTrail(table.client, table.tableName).list('op')).toEqual([
      { auditId: `ID${ids}`, atMs: 1_000, ...scope, kind: AUDIT_KINDS.operationFlagged, detail: { reason: 'r' } },
    ]);
  });
});
