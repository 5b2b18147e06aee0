import { decodeTime } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { isUlid } from '../../../../functions/core/ids.js';
import type { AlarmEvent } from '../../../../functions/core/remediation/alarm-event.js';
import { incidentKey, incidentOperationId } from '../../../../functions/core/remediation/incident-key.js';

const event: AlarmEvent = {
  eventId: 'first-delivery',
  account: '123456789012',
  region: 'us-east-1',
  alarmName: 'checkout-errors',
  alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors',
  state: { value: 'ALARM', reason: 'Threshold Crossed', timestampMs: Date.UTC(2026, 0, 1, 0, 5) },
  previousState: { value: 'OK', timestampMs: Date.UTC(2025, 11, 31) },
  eventTimeMs: Date.UTC(2026, 0, 1, 0, 5, 2),
};

describe('incidentKey', () => {
  it('is 32 hex characters', () => {
    expect(incidentKey(event)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is the same for every delivery of one state change, whatever its id, delivery time or reason text', () => {
    const redelivered: AlarmEvent = {
      ...event,
      eventId: 'second-rule',
      eventTimeMs: event.eventTimeMs + 90_000,
      state: { ...event.state, reason: 'other text' },
    };
    expect(incidentKey(redelivered)).toBe(incidentKey(event));
  });

  it('differs for a later state change, another state, alarm, account or region', () => {
    const key = incidentKey(event);
    expect(incidentKey({ ...event, state: { ...event.state, timestampMs: event.state.timestampMs + 1 } })).not.toBe(key);
    expect(incidentKey({ ...event, state: { ...event.state, value: 'OK' } })).not.toBe(key);
    expect(incidentKey({ ...event, alarmName: 'checkout-latency' })).not.toBe(key);
    expect(incidentKey({ ...event, account: '210987654321' })).not.toBe(key);
    expect(incidentKey({ ...event, region: 'eu-west-1' })).not.toBe(key);
  });

  it('cannot be confused by names that contain a separator', () => {
    expect(incidentKey({ ...event, alarmName: 'a', region: 'us-east-1|b' })).not.toBe(incidentKey({ ...event, alarmName: 'b|a', region: 'us-east-1' }));
  });
});

describe('incidentOperationId', () => {
  const key = incidentKey(event);
  const timeMs = event.state.timestampMs;

  it('is a valid ULID whose time part is the given time', () => {
    const id = incidentOperationId(key, 'checkout:live', timeMs);
    expect(isUlid(id)).toBe(true);
    expect(decodeTime(id)).toBe(timeMs);
  });

  it('is stable for one incident and target', () => {
    const redelivered = incidentKey({ ...event, eventId: 'another-rule', eventTimeMs: event.eventTimeMs + 5_000 });
    expect(incidentOperationId(redelivered, 'checkout:live', timeMs)).toBe(incidentOperationId(key, 'checkout:live', timeMs));
    expect(incidentOperationId(key, 'checkout:live', timeMs)).toBe('01KDVDYEZ0' + incidentOperationId(key, 'checkout:live', timeMs).slice(10));
  });

  it('differs for another target or incident in its random part', () => {
    const id = incidentOperationId(key, 'checkout:live', timeMs);
    expect(incidentOperationId(key, 'orders:live', timeMs).slice(10)).not.toBe(id.slice(10));
    expect(incidentOperationId(incidentKey({ ...event, alarmName: 'other' }), 'checkout:live', timeMs).slice(10)).not.toBe(id.slice(10));
  });

  it('sorts by time', () => {
    const ids = [timeMs + 60_000, timeMs, timeMs + 1, 0].map((atMs, index) => incidentOperationId(key, `target-${index}`, atMs));
    expect([...ids].sort()).toEqual([ids[3], ids[1], ids[2], ids[0]]);
  });

  it('rejects a time a ULID cannot hold', () => {
    expect(() => incidentOperationId(key, 'checkout:live', -1)).toThrow(RangeError);
    expect(() => incidentOperationId(key, 'checkout:live', 1.5)).toThrow('whole number of epoch milliseconds');
    expect(() => incidentOperationId(key, 'checkout:live', 2 ** 48)).toThrow(RangeError);
    expect(isUlid(incidentOperationId(key, 'checkout:live', 2 ** 48 - 1))).toBe(true);
  });
});
