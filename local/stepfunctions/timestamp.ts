/**
 * RFC 3339 as Step Functions accepts it (Wait `Timestamp`, Choice `Timestamp*` rules): an
 * uppercase `T` between date and time, `Z` or a numeric offset, optional fractional seconds.
 */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant an RFC 3339 timestamp names, in ms since the epoch, or undefined when it is not one. */
export function parseTimestampMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
