import { describe, expect, it } from 'vitest';
import { withoutKeys } from '../../../functions/schema/braid-table-schema.js';
import { defaultTargetName, targetItem, targetOf, type TargetRecord } from '../../../functions/schema/target-item.js';

const target: TargetRecord = {
  remediation: { alarmNames: ['errors'], action: 'rollback' },
  steps: [{ weight: 100, bakeSeconds: 0 }],
  gateAlarmNames: ['errors'],
  aliasName: 'live',
  functionName: 'checkout',
  targetName: defaultTargetName('checkout', 'live'),
};

describe('targetItem', () => {
  it('keys the target in its partition, lists it under REGISTRY, and lays its fields out in one order whatever order they came in', () => {
    const item = targetItem(target);
    expect(Object.keys(item)).toEqual([
      'pk',
      'sk',
      'gsi1pk',
      'gsi1sk',
      'targetName',
      'functionName',
      'aliasName',
      'gateAlarmNames',
      'steps',
      'gatePolicy',
      'canaryJudge',
      'rollbackPolicy',
      'approvalPolicy',
      'hooks',
      'remediation',
    ]);
    expect(item).toMatchObject({ pk: 'TARGET#checkout:live', sk: 'TARGET', gsi1pk: 'REGISTRY', gsi1sk: 'checkout:live' });
  });

  it('reads back as the same target, with no alarms when an item has none', () => {
    expect(targetOf(withoutKeys(JSON.parse(JSON.stringify(targetItem(target)))))).toEqual(target);
    expect(targetOf({ targetName: 'x', functionName: 'f', aliasName: 'a', steps: [] }).gateAlarmNames).toEqual([]);
  });
});
