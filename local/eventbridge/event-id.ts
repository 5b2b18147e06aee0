import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from its parts, so the same scenario and seed produce the same event
 * ids run after run (random UUIDs would make sandbox reports differ on every replay).
 */
export function stableEventId(...parts: ReadonlyArray<string | number>): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
