import type { WaitState } from './asl-types.js';
import type { Json } from './json.js';
import { requirePath } from './state-data.js';
import { statesRuntime } from './states-error.js';
import { parseTimestampMs } from './timestamp.js';

/**
 * When a Wait state entered at `nowMs` ends, in virtual ms: `Seconds` or `SecondsPath` from now,
 * or at `Timestamp` / `TimestampPath` (a time already past ends it at once).
 * @throws StatesError `States.Runtime` when a path points to nothing or to a value of the wrong kind
 */
export function waitDueMs(state: WaitState, input: Json, context: Json, nowMs: number): number {
  if (state.Seconds !== undefined) return nowMs + state.Seconds * 1000;
  if (state.Timestamp !== undefined) return parseTimestampMs(state.Timestamp)!;
  if (state.SecondsPath !== undefined) {
    const seconds = requirePath('SecondsPath', state.SecondsPath, input, context);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw statesRuntime(`SecondsPath '${state.SecondsPath}' must point to an integer >= 0, got ${JSON.stringify(seconds)}.`);
    }
    return nowMs + seconds * 1000;
  }
  const timestamp = requirePath('TimestampPath', state.TimestampPath!, input, context);
  const dueMs = parseTimestampMs(timestamp);
  if (dueMs === undefined) throw statesRuntime(`TimestampPath '${state.TimestampPath}' must point to an RFC 3339 timestamp, got ${JSON.stringify(timestamp)}.`);
  return dueMs;
}
