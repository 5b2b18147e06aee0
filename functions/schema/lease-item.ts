import type { LeaseRecord } from '../core/lease.js';
import { targetPartition, type ItemKey } from './braid-table-schema.js';

/** The key of a target's lease item (it holds a `LeaseRecord`). */
export function leaseKey(targetName: string): ItemKey {
  return { pk: targetPartition(targetName), sk: 'LEASE' };
}

/** The lease item as an acquisition writes it: who holds it, until when, at which epoch. */
export function leaseItem(lease: LeaseRecord & Required<Pick<LeaseRecord, 'holder' | 'acquiredAtMs' | 'expiresAtMs'>>): ItemKey & LeaseRecord {
  return {
    ...leaseKey(lease.targetName),
    targetName: lease.targetName,
    holder: lease.holder,
    epoch: lease.epoch,
    acquiredAtMs: lease.acquiredAtMs,
    expiresAtMs: lease.expiresAtMs,
  };
}
