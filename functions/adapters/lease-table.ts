import type { AuditRecord } from '../core/audit.js';
import { TargetBusyError } from '../core/errors.js';
import type { LeaseRecord } from '../core/lease.js';
import { withoutKeys } from '../schema/braid-table-schema.js';
import { leaseItem, leaseKey } from '../schema/lease-item.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, getItem, operationUpdate, TableAdapter, transactWrite } from './table-requests.js';

/** Targets' leases: the per-target lock with its fencing epoch, taken with a conditional write. */
export class LeaseTable extends TableAdapter {
  /** The target's lease, or undefined if it was never taken. */
  async get(targetName: string): Promise<LeaseRecord | undefined> {
    const item = await getItem(this.client, this.tableName, leaseKey(targetName));
    return item ? (withoutKeys(item) as unknown as LeaseRecord) : undefined;
  }

  /**
   * Takes the target's lease for `operationId` with the epoch decided by the caller from
   * `expected` (the lease as read), in one transaction with the audit record and the
   * operation's move to `running`. Fails with TargetBusyError if the lease changed meanwhile.
   */
  async acquire(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    expected: LeaseRecord | undefined;
    acquiredAtMs: number;
    expiresAtMs: number;
    audit: AuditRecord;
  }): Promise<void> {
    const refused = await transactWrite(this.client, [
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(
            leaseItem({
              targetName: input.targetName,
              holder: input.operationId,
              epoch: input.epoch,
              acquiredAtMs: input.acquiredAtMs,
              expiresAtMs: input.expiresAtMs,
            }),
          ),
          // Optimistic concurrency on the epoch we read: two racing acquirers cannot both win.
          ConditionExpression: input.expected ? 'epoch = :expected' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: input.expected ? toItem({ ':expected': input.expected.epoch }) : undefined,
        },
      },
      auditPut(this.tableName, input.audit),
      operationUpdate(this.tableName, input.operationId, { status: 'running', epoch: input.epoch, updatedAtMs: input.acquiredAtMs }),
    ]);
    if (refused) {
      const now = await this.get(input.targetName);
      throw new TargetBusyError(input.targetName, now?.holder ?? 'another operation');
    }
  }
}
