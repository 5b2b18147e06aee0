import { isValid, monotonicFactory, type ULIDFactory } from 'ulidx';
import type { Clock } from './clock.js';

/** Makes ULIDs that sort by the injected clock's time, strictly increasing within a process. */
export function ulidGenerator(clock: Clock, random?: () => number): () => string {
  const factory: ULIDFactory = monotonicFactory(random);
  return () => factory(clock.nowMs());
}

/** True for a well-formed ULID (26 Crockford base-32 characters). */
export function isUlid(value: string): boolean {
  return value.length === 26 && isValid(value);
}
