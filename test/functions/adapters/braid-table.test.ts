import { CreateTableCommand, DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BraidTable } from '../../../functions/adapters/braid-table.js';
import { braidTableDefinition } from '../../../functions/adapters/braid-table-schema.js';
import { AUDIT_KINDS, type AuditKind, type AuditRecord } from '../../../functions/core/audit.js';
import { LeaseLostError, TargetBusyError } from '../../../functions/core/errors.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

let next = 0;
const audit = (operationId: string, kind: AuditKind = AUDIT_KINDS.aliasShiftIntended): AuditRecord => ({
  auditId: `A${String((next += 1)).padStart(6, '0')}`,
  kind,
  operationId,
  targetName: 't',
  atMs: next,
  actor: 'test',
  detail: {},
});

describe('BraidTable requests (one call each, exact shape)', () => {
  const mock = mockClient(DynamoDBClient);
  afterAll(() => mock.restore());

  it('fences a write with a ConditionCheck on holder and epoch, then the append-only audit put', async () => {
    mock.reset();
    mock.on(TransactWriteItemsCommand).resolves({});
    const record = audit('op-1');
    await new BraidTable(new DynamoDBClient({ region: 'us-east-1' }), 'braid').writeFenced({ targetName: 't', operationId: 'op-1', epoch: 3, audit: record });
    const [call] = mock.commandCalls(TransactWriteItemsCommand);
    expect(call!.args[0].input.TransactItems).toEqual([
      {
        ConditionCheck: {
          TableName: 'braid',
          Key: { pk: { S: 'TARGET#t' }, sk: { S: 'LEASE' } },
          ConditionExpression: 'holder = :holder AND epoch = :epoch',
          ExpressionAttributeValues: { ':holder': { S: 'op-1' }, ':epoch': { N: '3' } },
        },
      },
      {
        Put: expect.objectContaining({
          TableName: 'braid',
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: expect.objectContaining({ pk: { S: 'OP#op-1' }, sk: { S: `AUDIT#${record.auditId}` }, gsi1pk: { S: 'TARGET#t' } }),
        }),
      },
    ]);
  });

  it('turns a failed lease check into LeaseLostError', async () => {
    mock.reset();
    mock
      .on(TransactWriteItemsCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
      );
    const table = new BraidTable(new DynamoDBClient({ region: 'us-east-1' }), 'braid');
    await expect(table.writeFenced({ targetName: 't', operationId: 'op-1', epoch: 3, audit: audit('op-1') })).rejects.toBeInstanceOf(LeaseLostError);
  });
});

describe('BraidTable on DynamoDB Local', () => {
  let client: DynamoDBClient;
  let table: BraidTable;

  beforeAll(async () => {
    client = new DynamoDBClient({ endpoint: await dynamodbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const name = `braid-table-test-${process.pid}`;
    await client.send(new CreateTableCommand(braidTableDefinition(name)));
    table = new BraidTable(client, name);
  });
  afterAll(() => client.destroy());

  async function operation(operationId: string): Promise<void> {
    await table.createOperation(
      { operationId, kind: 'rollout', targetName: 't', newVersion: '2', status: 'pending', createdAtMs: 0, updatedAtMs: 0 },
      audit(operationId, AUDIT_KINDS.operationCreated),
    );
  }

  it('lets exactly one of twenty concurrent acquirers take a free lease', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    for (const id of ids) await operation(id);
    const results = await Promise.allSettled(
      ids.map((operationId) =>
        table.acquireLease({
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
    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(
      results.filter((result) => result.status === 'rejected').every((result) => (result as PromiseRejectedResult).reason instanceof TargetBusyError),
    ).toBe(true);
    const lease = await table.getLease('t');
    expect(lease?.epoch).toBe(1);
    expect(ids).toContain(lease?.holder);
  });

  it('refuses a fenced write with a stale epoch and writes nothing', async () => {
    const lease = (await table.getLease('t'))!;
    const stale = audit(lease.holder!);
    await expect(table.writeFenced({ targetName: 't', operationId: lease.holder!, epoch: lease.epoch - 1, audit: stale })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect((await table.listAudit(lease.holder!)).map((record) => record.auditId)).not.toContain(stale.auditId);
  });

  it('never releases a lease the finishing operation does not hold', async () => {
    const lease = (await table.getLease('t'))!;
    const other = lease.holder === 'race-0' ? 'race-1' : 'race-0';
    const result = await table.finishOperation({
      targetName: 't',
      operationId: other,
      epoch: lease.epoch,
      status: 'refused',
      outcomeReason: 'busy',
      atMs: 1,
      audit: audit(other, AUDIT_KINDS.operationFinished),
      releaseAudit: audit(other, AUDIT_KINDS.leaseReleased),
    });
    expect(result.released).toBe(false);
    expect((await table.getLease('t'))?.holder).toBe(lease.holder);
    expect(await table.getOperation(other)).toMatchObject({ status: 'refused' });
  });

  it('keeps the audit trail append-only', async () => {
    const record = audit('race-0');
    await table.appendAudit(record);
    await expect(table.appendAudit({ ...record, detail: { rewritten: true } })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await table.listAudit('race-0')).find((item) => item.auditId === record.auditId)?.detail).toEqual({});
  });
});
