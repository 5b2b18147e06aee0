import { createHash } from 'node:crypto';
import { B32_CHARACTERS, encodeTime } from 'ulidx';
import type { AlarmEvent } from './alarm-event.js';

/**
 * The identity of one alarm state change: 32 hex characters of a sha256 over the account,
 * region, alarm, new state and the state's timestamp. EventBridge delivers at least once and may
 * change the event `id` between deliveries (or two rules deliver the same change), so the key is
 * built from the content only; a later change of the same alarm has a later timestamp, hence a new key.
 */
export function incidentKey(event: AlarmEvent): string {
  // JSON of an array cannot be ambiguous, unlike a join of names that may hold the separator.
  const identity = JSON.stringify([event.account, event.region, event.alarmName, event.state.value, event.state.timestampMs]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** Characters of a ULID's time part (48 bits) and of its random part (80 bits). */
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_ULID_TIME_MS = 2 ** 48 - 1;

/**
 * The operation id of an incident's repair on one target: a valid ULID whose time part is
 * `timeMs` and whose random part is derived from the key and target, so a redelivered event
 * (or a retried task) computes the same id and cannot start a second repair.
 * @param timeMs integer epoch milliseconds (e.g. the incident's state timestamp)
 * @throws RangeError when `timeMs` is not a whole number of milliseconds a ULID can hold
 */
export function incidentOperationId(key: string, targetName: string, timeMs: number): string {
  if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > MAX_ULID_TIME_MS) {
    throw new RangeError(`An operation id needs a whole number of epoch milliseconds from 0 to ${MAX_ULID_TIME_MS}, got ${timeMs}.`);
  }
  const digest = createHash('sha256').update(`${key}\n${targetName}`).digest();
  // 10 bytes are exactly the 80 bits the 16 base-32 characters hold.
  let bits = BigInt(`0x${digest.subarray(0, 10).toString('hex')}`);
  let random = '';
  for (let index = 0; index < RANDOM_CHARS; index++) {
    random = B32_CHARACTERS[Number(bits & 31n)] + random;
    bits >>= 5n;
  }
  return encodeTime(timeMs, TIME_CHARS) + random;
}
