function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * A timestamp as CloudWatch writes it in alarm events and reason data:
 * `2024-01-01T00:00:00.000+0000` (not RFC 3339: the offset has no colon).
 */
export function formatAlarmTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A datapoint's time in an alarm's `StateReason`: `dd/MM/yy HH:mm:ss` (UTC). */
export function formatReasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A number as CloudWatch (Java) prints doubles in reasons: `50.0`, `0.25`. */
export function formatDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
