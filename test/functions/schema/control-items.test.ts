import { describe, expect, it } from 'vitest';
import { globalControlOf, targetControlOf } from '../../../functions/schema/control-items.js';
import { settingsItem, settingsOf } from '../../../functions/schema/settings-item.js';

describe('targetControlOf', () => {
  it('gathers a target’s control items into one view: cooldowns by action, breaker, bucket, known good, last notification', () => {
    const items = new Map<string, Record<string, unknown>>([
      ['TARGET', { targetName: 't' }],
      ['LEASE', { holder: 'op' }],
      ['KILLSWITCH', { on: true, by: 'alice', reason: 'drill', atMs: 5 }],
      ['BREAKER', { consecutiveFailures: 2, open: false }],
      ['BUCKET', { tokens: 1, updatedAtMs: 9 }],
      ['COOLDOWN#rollback', { lastRepairAtMs: 100, operationId: 'op-1' }],
      ['COOLDOWN#throttle', { lastRepairAtMs: 200, operationId: 'op-2' }],
      ['KNOWN_GOOD', { current: '3', lastKnownGood: '2', atMs: 1, operationId: 'op-0' }],
      ['ESCALATION', { notifiedAtMs: 300, operationId: 'op-2' }],
    ]);
    expect(targetControlOf(items)).toEqual({
      killSwitch: { on: true, by: 'alice', reason: 'drill', atMs: 5 },
      breaker: { consecutiveFailures: 2, open: false, openedAtMs: undefined },
      bucket: { tokens: 1, updatedAtMs: 9 },
      lastRepairAtMs: { rollback: 100, throttle: 200 },
      knownGood: { current: '3', lastKnownGood: '2', atMs: 1, operationId: 'op-0' },
      lastNotifiedAtMs: 300,
    });
  });

  it('fails closed on a kill switch it cannot read', () => {
    expect(targetControlOf(new Map([['KILLSWITCH', { on: 'yes' }]])).killSwitch).toEqual({
      unreadable: true,
      error: 'the kill switch item has on = "yes", expected true or false',
    });
  });
});

describe('the settings item', () => {
  it('reads back what it writes, and is read with the account’s other control items', () => {
    const settings = { globalRateLimit: { capacity: 3, refillSeconds: 60 } };
    const { pk: _pk, sk: _sk, ...stored } = settingsItem(settings);
    expect(settingsOf(stored)).toEqual(settings);
    expect(globalControlOf(new Map([['SETTINGS', stored]])).settings).toEqual(settings);
  });

  it('counts a rate limit the token bucket cannot use as no settings (the defaults then apply)', () => {
    for (const globalRateLimit of [{ capacity: 0, refillSeconds: 60 }, { capacity: 2.5, refillSeconds: 60 }, { capacity: 2 }, 'ten'])
      expect(settingsOf({ globalRateLimit })).toBeUndefined();
    expect(settingsOf(undefined)).toBeUndefined();
  });
});
