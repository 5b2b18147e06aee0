/** A number of seconds as a person reads it in a reason: `45 s`, `30 min`, `2 h`, `7 d`. */
export function formatDuration(seconds: number): string {
  if (seconds >= 2 * 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds >= 2 * 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A moment as an ISO 8601 UTC timestamp, or the raw number when it is no valid date. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
