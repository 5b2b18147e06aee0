/**
 * CloudWatch writes alarm timestamps as `2026-01-01T00:05:00.000+0000` (offset without a colon),
 * which `Date.parse` and strict RFC 3339 parsers reject; EventBridge's envelope uses `…Z`.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch milliseconds of a CloudWatch or EventBridge timestamp (`…+0000`, `…+00:00` or `…Z`,
 * fractional seconds optional); undefined when the text is not such a timestamp or names a day
 * that does not exist.
 */
export function parseAlarmTimestamp(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7] ?? '';
  const zone = match[8] as string;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day that does not exist (31 February) rolls over into the next month: not a real timestamp.
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const localMs = date.getTime();
  if (zone === 'Z') return localMs;
  const offsetHours = Number(zone.slice(1, 3));
  const offsetMinutes = Number(zone.slice(-2));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return zone.startsWith('+') ? localMs - offsetMs : localMs + offsetMs;
}
