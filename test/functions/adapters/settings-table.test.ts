import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsTable } from '../../../functions/adapters/settings-table.js';
import { fixture, sdkCall } from '../../infra/target-fixture.js';
import { tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;

beforeAll(async () => {
  table = await tableFixture('settings-table');
});
afterAll(() => table.close());

describe('SettingsTable', () => {
  it('writes the same settings item as the Braid construct at deploy time', async () => {
    const { stack } = fixture({ globalRepairBurst: 25, globalRepairRefill: Duration.minutes(2) });
    const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::BraidRemediationSettings'));
    const deployed = sdkCall(stack, resource!.Properties.Create).parameters.Item;
    table.take();
    await new SettingsTable(table.client, table.tableName).put({ globalRateLimit: { capacity: 25, refillSeconds: 120 } });
    expect(table.take()).toEqual([{ command: 'PutItemCommand', input: { TableName: table.tableName, Item: deployed } }]);
  });
});
