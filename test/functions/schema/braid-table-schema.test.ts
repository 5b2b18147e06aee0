import { describe, expect, it } from 'vitest';
import { auditItem } from '../../../functions/schema/audit-item.js';
import { BRAID_TABLE_SCHEMA, braidTableDefinition, withoutKeys } from '../../../functions/schema/braid-table-schema.js';
import { CONTROL_ITEMS, cooldownKey, globalControlKey, targetControlKey } from '../../../functions/schema/control-items.js';
import { holdKey, pendingHoldItem } from '../../../functions/schema/hold-item.js';
import { leaseKey } from '../../../functions/schema/lease-item.js';
import { operationKey } from '../../../functions/schema/operation-item.js';
import { settingsKey } from '../../../functions/schema/settings-item.js';
import { targetKey } from '../../../functions/schema/target-item.js';

describe('the table layout', () => {
  it('keeps a target’s items in its partition, an operation’s in its own, and the account’s in GLOBAL', () => {
    expect([
      targetKey('checkout:live'),
      leaseKey('checkout:live'),
      ...Object.values(CONTROL_ITEMS).map((item) => targetControlKey('checkout:live', item)),
      cooldownKey('checkout:live', 'rollback'),
      operationKey('01J'),
      holdKey('01J', 'H1'),
      globalControlKey(CONTROL_ITEMS.killSwitch),
      globalControlKey(CONTROL_ITEMS.bucket),
      settingsKey(),
    ]).toEqual([
      { pk: 'TARGET#checkout:live', sk: 'TARGET' },
      { pk: 'TARGET#checkout:live', sk: 'LEASE' },
      { pk: 'TARGET#checkout:live', sk: 'KILLSWITCH' },
      { pk: 'TARGET#checkout:live', sk: 'BREAKER' },
      { pk: 'TARGET#checkout:live', sk: 'BUCKET' },
      { pk: 'TARGET#checkout:live', sk: 'KNOWN_GOOD' },
      { pk: 'TARGET#checkout:live', sk: 'ESCALATION' },
      { pk: 'TARGET#checkout:live', sk: 'COOLDOWN#rollback' },
      { pk: 'OP#01J', sk: 'OP' },
      { pk: 'OP#01J', sk: 'HOLD#H1' },
      { pk: 'GLOBAL', sk: 'KILLSWITCH' },
      { pk: 'GLOBAL', sk: 'BUCKET' },
      { pk: 'GLOBAL', sk: 'SETTINGS' },
    ]);
  });

  it('lists audit records under their target in the index, and pending holds in a partition of their own', () => {
    const audit = auditItem({ auditId: 'A1', kind: 'gate.verdict', operationId: '01J', targetName: 't', atMs: 1, actor: 'braid:decide', detail: {} });
    expect(audit).toMatchObject({ pk: 'OP#01J', sk: 'AUDIT#A1', gsi1pk: 'TARGET#t', gsi1sk: 'AUDIT#A1' });
    const hold = pendingHoldItem({
      holdId: 'H1',
      operationId: '01J',
      targetName: 't',
      kind: 'approval',
      index: 0,
      token: 'tok',
      status: 'pending',
      requestedAtMs: 0,
      expiresAtMs: 1,
      gateAlarmNames: [],
    });
    expect(hold).toMatchObject({ pk: 'OP#01J', sk: 'HOLD#H1', gsi1pk: 'HOLDS#pending', gsi1sk: '01J#H1' });
    expect(withoutKeys(hold)).not.toHaveProperty('gsi1pk');
    expect(withoutKeys(audit)).toEqual({
      auditId: 'A1',
      kind: 'gate.verdict',
      operationId: '01J',
      targetName: 't',
      atMs: 1,
      actor: 'braid:decide',
      detail: {},
    });
  });

  it('declares the table the CDK construct declares: string keys pk/sk, and gsi1 on gsi1pk/gsi1sk projecting everything', () => {
    const definition = braidTableDefinition('braid');
    expect(definition.KeySchema).toEqual([
      { AttributeName: BRAID_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: BRAID_TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ]);
    expect(definition.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(definition.AttributeDefinitions.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
  });
});
