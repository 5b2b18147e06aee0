import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { SettingsTable } from '../../../functions/adapters/settings-table.js';
import { tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let controls: ControlReader;

beforeAll(async () => {
  table = await tableFixture('control-reader');
  controls = new ControlReader(table.client, table.tableName);
});
afterAll(() => table.close());

describe('ControlReader', () => {
  it('reads a target nobody configured as: kill switch off, breaker closed, no bucket, no cooldown, nothing known good, never notified', async () => {
    table.take();
    expect(await controls.readTarget('fresh')).toEqual({
      killSwitch: { on: false },
      breaker: { consecutiveFailures: 0, open: false },
      bucket: undefined,
      lastRepairAtMs: {},
      knownGood: undefined,
      lastNotifiedAtMs: undefined,
    });
    expect(await controls.readGlobal()).toEqual({ killSwitch: { on: false }, bucket: undefined, settings: undefined });
    // One consistent query of each partition.
    expect(table.take()).toEqual([
      {
        command: 'QueryCommand',
        input: {
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'TARGET#fresh' } },
          ConsistentRead: true,
          ExclusiveStartKey: undefined,
        },
      },
      {
        command: 'QueryCommand',
        input: {
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'GLOBAL' } },
          ConsistentRead: true,
          ExclusiveStartKey: undefined,
        },
      },
    ]);
  });

  it('reads the account-wide settings the deploy recorded, and ignores a settings item the token bucket could not use', async () => {
    await new SettingsTable(table.client, table.tableName).put({ globalRateLimit: { capacity: 4, refillSeconds: 90 } });
    expect((await controls.readGlobal()).settings).toEqual({ globalRateLimit: { capacity: 4, refillSeconds: 90 } });
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: 'GLOBAL' }, sk: { S: 'SETTINGS' }, globalRateLimit: { M: { capacity: { N: '0' }, refillSeconds: { N: '90' } } } },
      }),
    );
    expect((await controls.readGlobal()).settings).toBeUndefined();
    await table.client.send(new DeleteItemCommand({ TableName: table.tableName, Key: { pk: { S: 'GLOBAL' }, sk: { S: 'SETTINGS' } } }));
  });

  it('reads a kill switch item it cannot make sense of as unreadable, naming the value', async () => {
    await table.client.send(
      new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'TARGET#odd' }, sk: { S: 'KILLSWITCH' }, on: { S: 'yes please' } } }),
    );
    const { killSwitch } = await controls.readTarget('odd');
    expect(killSwitch).toEqual({ unreadable: true, error: expect.stringContaining('"yes please"') });
  });
});
