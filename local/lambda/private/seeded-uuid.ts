import type { SeededRandom } from '../../random.js';

/**
 * A version-4-shaped UUID drawn from the seeded generator, so revision ids (and thus reports)
 * are the same for the same scenario and seed.
 */
export function seededUuid(random: SeededRandom): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random.next() * 256));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
