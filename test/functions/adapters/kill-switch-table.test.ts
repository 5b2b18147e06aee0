import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../functions/adapters/audit-trail.js';
import { ControlReader } from '../../../functions/adapters/control-reader.js';
import { KillSwitchTable } from '../../../functions/adapters/kill-switch-table.js';
import { AUDIT_KINDS } from '../../../functions/core/audit.js';
import { audit, tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let killSwitches: KillSwitchTable;
let controls: ControlReader;

beforeAll(async () => {
  table = await tableFixture('kill-switch-table');
  killSwitches = new KillSwitchTable(table.client, table.tableName);
  controls = new ControlReader(table.client, table.tableName);
});
afterAll(() => table.close());

describe('KillSwitchTable', () => {
  it('turns a target kill switch on and off, with an audit record each time, leaving the global one alone', async () => {
    const on = audit('control:ks', AUDIT_KINDS.killSwitchChanged, 'ks');
    table.take();
    await killSwitches.set('ks', { on: true, by: 'alice', reason: 'game day', atMs: 1_000 }, on);
    const { input } = table.takeOne();
    expect(input.TransactItems[1]).toEqual({
      Put: {
        TableName: table.tableName,
        Item: { pk: { S: 'TARGET#ks' }, sk: { S: 'KILLSWITCH' }, on: { BOOL: true }, by: { S: 'alice' }, reason: { S: 'game day' }, atMs: { N: '1000' } },
      },
    });
    expect((await controls.readTarget('ks')).killSwitch).toEqual({ on: true, by: 'alice', reason: 'game day', atMs: 1_000 });
    expect((await controls.readGlobal()).killSwitch).toEqual({ on: false });

    const off = audit('control:ks', AUDIT_KINDS.killSwitchChanged, 'ks');
    await killSwitches.set('ks', { on: false, by: 'alice', reason: 'done', atMs: 2_000 }, off);
    expect((await controls.readTarget('ks')).killSwitch).toEqual({ on: false });
    expect((await new AuditTrail(table.client, table.tableName).list('control:ks')).map((record) => record.auditId)).toEqual([on.auditId, off.auditId]);
  });

  it('turns the global kill switch on and off', async () => {
    await killSwitches.set(undefined, { on: true, by: 'bob', reason: 'incident review', atMs: 5 }, audit('control', AUDIT_KINDS.killSwitchChanged, '*'));
    expect((await controls.readGlobal()).killSwitch).toEqual({ on: true, by: 'bob', reason: 'incident review', atMs: 5 });
    expect((await controls.readTarget('fresh')).killSwitch).toEqual({ on: false });
    await killSwitches.set(undefined, { on: false, by: 'bob', reason: 'over', atMs: 6 }, audit('control', AUDIT_KINDS.killSwitchChanged, '*'));
    expect((await controls.readGlobal()).killSwitch).toEqual({ on: false });
  });
});
