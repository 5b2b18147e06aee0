import type { AuditRecord } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import { HoldNotPendingError, type HoldRecord, type HoldStatus } from '../core/holds.js';
import type { OperationStatus } from '../core/operation-lifecycle.js';
import { BRAID_TABLE_SCHEMA, operationPartition, withoutKeys } from '../schema/braid-table-schema.js';
import { HOLD_PREFIX, holdKey, PENDING_HOLDS_PARTITION, pendingHoldItem } from '../schema/hold-item.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, leaseFence, operationUpdate, queryAll, queryPrefix, TableAdapter, transactWrite } from './table-requests.js';

/**
 * Holds: what an operation waits on a person for (an approval point, a pause, a repair's
 * approval), with the task token that resumes it, and who decided what. Each change goes in one
 * transaction with its audit record and the operation's status.
 */
export class HoldTable extends TableAdapter {
  /**
   * Records a hold waiting for a decision, with its audit record, and marks the operation as
   * waiting; behind the lease fence, which it extends to `renewUntilMs` for the wait.
   */
  async put(hold: HoldRecord, audit: AuditRecord, operationStatus: OperationStatus, lease: { epoch: number; renewUntilMs: number } | undefined): Promise<void> {
    // A repair waits for its approval before it takes the lease (no lease is held while a person thinks).
    const fence = lease ? [leaseFence(this.tableName, hold.targetName, hold.operationId, lease.epoch, lease.renewUntilMs)] : [];
    const refused = await transactWrite(this.client, [
      ...fence,
      { Put: { TableName: this.tableName, Item: toItem(pendingHoldItem(hold)), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tableName, audit),
      operationUpdate(this.tableName, hold.operationId, { status: operationStatus, updatedAtMs: hold.requestedAtMs }),
    ]);
    if (refused) {
      if (lease) throw new LeaseLostError(hold.targetName, hold.operationId, lease.epoch, { cause: refused });
      throw new HoldNotPendingError(hold, { cause: refused });
    }
  }

  /**
   * Moves a pending hold to its decided status in one transaction with the audit record and the
   * operation's return to `running`. Fails with HoldNotPendingError if someone decided first.
   */
  async decide(input: { hold: HoldRecord; status: HoldStatus; by: string; reason?: string; atMs: number; audit: AuditRecord }): Promise<void> {
    const { hold } = input;
    const refused = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: toItem(holdKey(hold.operationId, hold.holdId)),
          // Leaving the pending partition of the index: the gate watcher no longer finds it.
          UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAtMs = :at, reason = :reason REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':status': input.status,
            ':by': input.by,
            ':at': input.atMs,
            ':reason': input.reason ?? null,
            ':pending': 'pending',
          }),
        },
      },
      auditPut(this.tableName, input.audit),
      operationUpdate(this.tableName, hold.operationId, { status: 'running', updatedAtMs: input.atMs }),
    ]);
    if (refused) {
      const current = (await this.list(hold.operationId)).find((item) => item.holdId === hold.holdId);
      throw new HoldNotPendingError(current ?? hold, { cause: refused });
    }
  }

  /** An operation's holds, oldest first. */
  async list(operationId: string): Promise<HoldRecord[]> {
    return (await queryPrefix(this.client, this.tableName, operationPartition(operationId), HOLD_PREFIX)) as unknown as HoldRecord[];
  }

  /** Every hold still waiting for a decision, across operations. */
  async listPending(): Promise<HoldRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
      KeyConditionExpression: 'gsi1pk = :pending',
      ExpressionAttributeValues: toItem({ ':pending': PENDING_HOLDS_PARTITION }),
    });
    return items.map((item) => withoutKeys(item) as unknown as HoldRecord);
  }
}
