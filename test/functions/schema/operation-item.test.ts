import { describe, expect, it } from 'vitest';
import { ulidGenerator } from '../../../functions/core/ids.js';
import { operationItem, operationsBetween } from '../../../functions/schema/operation-item.js';

describe('operationItem', () => {
  it('stores an operation in its own partition and lists it under its target, sorted by id', () => {
    const item = operationItem({
      operationId: '01J',
      kind: 'remediation',
      targetName: 't',
      status: 'pending',
      trigger: 'manual',
      action: 'notify',
      createdAtMs: 0,
      updatedAtMs: 0,
    });
    expect(item).toMatchObject({ pk: 'OP#01J', sk: 'OP', gsi1pk: 'TARGET#t', gsi1sk: 'OP#01J', kind: 'remediation' });
  });
});

describe('operationsBetween', () => {
  it('spans exactly the ids made from the first time to the last, inclusive', () => {
    let nowMs = 0;
    const newId = ulidGenerator({ nowMs: () => nowMs });
    const idAt = (ms: number) => {
      nowMs = ms;
      return `OP#${newId()}`;
    };
    const range = operationsBetween('t', 10_000, 20_000);
    expect(range.gsi1pk).toBe('TARGET#t');
    const inside = (key: string) => key >= range.from && key <= range.to;
    expect([idAt(9_999), idAt(10_000), idAt(15_000), idAt(20_000), idAt(20_001)].map(inside)).toEqual([false, true, true, true, false]);
  });

  it('never starts before the epoch', () => {
    expect(operationsBetween('t', -5, 0).from).toBe('OP#0000000000');
  });
});
