import type { HoldRecord } from '../core/holds.js';
import { operationPartition, type IndexEntry, type ItemKey } from './braid-table-schema.js';

/** The sort-key prefix of an operation's holds. */
export const HOLD_PREFIX = 'HOLD#';

/** The index partition listing the holds that wait for a decision (sparse: a decided hold leaves it). */
export const PENDING_HOLDS_PARTITION = 'HOLDS#pending';

/** The key of one hold item. */
export function holdKey(operationId: string, holdId: string): ItemKey {
  return { pk: operationPartition(operationId), sk: `${HOLD_PREFIX}${holdId}` };
}

/** A hold as requested: in its operation's partition, and in the pending partition of the index, so the gate watcher finds it without a scan. */
export function pendingHoldItem(hold: HoldRecord): ItemKey & IndexEntry & HoldRecord {
  return {
    ...holdKey(hold.operationId, hold.holdId),
    gsi1pk: PENDING_HOLDS_PARTITION,
    gsi1sk: `${hold.operationId}#${hold.holdId}`,
    ...hold,
  };
}
