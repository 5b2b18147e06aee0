import type { AuditRecord } from '../core/audit.js';
import { operationPartition, targetPartition, type IndexEntry, type ItemKey } from './braid-table-schema.js';

/** The sort-key prefix of an operation's audit records. */
export const AUDIT_PREFIX = 'AUDIT#';

/**
 * An audit record as stored: in its operation's partition, sorted by its ULID, and listed in the
 * index under its target (the target's whole trail, across operations).
 */
export function auditItem(audit: AuditRecord): ItemKey & IndexEntry & AuditRecord {
  return {
    pk: operationPartition(audit.operationId),
    sk: `${AUDIT_PREFIX}${audit.auditId}`,
    gsi1pk: targetPartition(audit.targetName),
    gsi1sk: `${AUDIT_PREFIX}${audit.auditId}`,
    ...audit,
  };
}
