import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTable } from '../../../functions/adapters/command-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { CommandRefusedError, type OperatorCommand } from '../../../functions/core/operator-commands.js';
import { audit, rolloutRecord, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let commands: CommandTable;
let operations: OperationTable;

beforeAll(async () => {
  table = await tableFixture('command-table');
  commands = new CommandTable(table.client, table.tableName);
  operations = new OperationTable(table.client, table.tableName);
  await operations.create(rolloutRecord('op-1', { status: 'running' }), audit('op-1', AUDIT_KINDS.operationCreated));
});
afterAll(() => table.close());

const pause: OperatorCommand = { action: 'pause', by: 'alice', reason: 'look', atMs: 10 };

describe('CommandTable', () => {
  it('records a command on a running rollout, for its next gate check', async () => {
    table.take();
    await commands.put('op-1', pause, audit('op-1', AUDIT_KINDS.commandRecorded));
    const { input } = table.takeOne();
    expect(input.TransactItems[0]).toEqual({
      Update: {
        TableName: table.tableName,
        Key: { pk: { S: 'OP#op-1' }, sk: { S: 'OP' } },
        UpdateExpression: 'SET #command = :command, updatedAtMs = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :running)',
        ExpressionAttributeNames: { '#command': 'command', '#status': 'status' },
        ExpressionAttributeValues: {
          ':command': { M: { action: { S: 'pause' }, by: { S: 'alice' }, reason: { S: 'look' }, atMs: { N: '10' } } },
          ':at': { N: '10' },
          ':pending': { S: 'pending' },
          ':running': { S: 'running' },
        },
      },
    });
    expect(await commands.get('op-1')).toEqual(pause);
  });

  it('takes the command off only if it is still the one applied', async () => {
    const later: OperatorCommand = { action: 'abort', by: 'bob', reason: 'stop', atMs: 20 };
    await commands.put('op-1', later, audit('op-1', AUDIT_KINDS.commandRecorded));
    await expect(commands.clear('op-1', pause, audit('op-1', AUDIT_KINDS.commandApplied))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await commands.get('op-1')).toEqual(later);
    await commands.clear('op-1', later, audit('op-1', AUDIT_KINDS.commandApplied));
    expect(await commands.get('op-1')).toBeUndefined();
  });

  it('refuses a command for an operation that ended or does not exist, saying which', async () => {
    await operations.create(rolloutRecord('op-done', { status: 'promoted' }), audit('op-done', AUDIT_KINDS.operationCreated));
    await expect(commands.put('op-done', pause, audit('op-done', AUDIT_KINDS.commandRecorded))).rejects.toThrow(
      new CommandRefusedError('Operation op-done is promoted; pause applies only to a running rollout.'),
    );
    await expect(commands.put('op-none', pause, audit('op-none', AUDIT_KINDS.commandRecorded))).rejects.toThrow(
      new CommandRefusedError('Operation op-none does not exist.'),
    );
  });
});
