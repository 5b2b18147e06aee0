/** An event envelope's `time`, as EventBridge writes it: `2024-01-01T00:00:00Z` (whole seconds). */
export function formatEventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
