import { describe, expect, it } from 'vitest';
import { parseAlarmTimestamp } from '../../../../functions/core/remediation/alarm-timestamp.js';

describe('parseAlarmTimestamp', () => {
  it('reads CloudWatch timestamps, whose offset has no colon', () => {
    expect(parseAlarmTimestamp('2026-01-01T00:05:00.000+0000')).toBe(Date.UTC(2026, 0, 1, 0, 5));
  });

  it('reads ISO 8601 with Z or an offset with a colon, with or without fractions', () => {
    expect(parseAlarmTimestamp('2026-01-01T00:05:00Z')).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(parseAlarmTimestamp('2026-01-01T01:35:00.5+01:30')).toBe(Date.UTC(2026, 0, 1, 0, 5, 0, 500));
    expect(parseAlarmTimestamp('2026-01-01T00:05:00.999999999Z')).toBe(Date.UTC(2026, 0, 1, 0, 5, 0, 999));
  });

  it('keeps years below 100 as they are', () => {
    expect(parseAlarmTimestamp('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseAlarmTimestamp('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseAlarmTimestamp('2026-02-29T00:00:00Z')).toBeUndefined();
  });

  it.each([
    '',
    '2026-01-01',
    '2026-01-01 00:05:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01T00:00:00+2400',
    '2026-01-01T00:00:00.+0000',
    ' 2026-01-01T00:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseAlarmTimestamp(text)).toBeUndefined();
  });
});
