import { QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import type { OperationStatus } from '../core/operation-lifecycle.js';
import { BRAID_TABLE_SCHEMA, targetPartition, withoutKeys } from '../schema/braid-table-schema.js';
import { OPERATION_INDEX_PREFIX, operationItem, operationKey, type OperationRecord } from '../schema/operation-item.js';
import { fromItem, toItem } from './dynamodb-item.js';
import { auditPut, getItem, leaseRelease, operationUpdate, TableAdapter, transactWrite } from './table-requests.js';

/** Operations: one record per run of a braid on a target, created with its first audit record and ended with its last. */
export class OperationTable extends TableAdapter {
  /** The operation, or undefined. */
  async get(operationId: string): Promise<OperationRecord | undefined> {
    const item = await getItem(this.client, this.tableName, operationKey(operationId));
    return item ? (withoutKeys(item) as unknown as OperationRecord) : undefined;
  }

  /** Creates the operation with its first audit record; an existing operation is left as is. */
  async create(operation: OperationRecord, audit: AuditRecord): Promise<'created' | 'exists'> {
    const refused = await transactWrite(this.client, [
      { Put: { TableName: this.tableName, Item: toItem(operationItem(operation)), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tableName, audit),
    ]);
    return refused ? 'exists' : 'created';
  }

  /**
   * Ends the operation: sets its terminal status, writes the audit record, and releases the
   * lease if (and only if) this operation still holds it at `epoch` — never one it did not take.
   */
  async finish(input: {
    targetName: string;
    operationId: string;
    epoch?: number;
    status: OperationStatus;
    outcomeReason: string;
    atMs: number;
    audit: AuditRecord;
    releaseAudit?: AuditRecord;
  }): Promise<{ released: boolean }> {
    const base: TransactWriteItem[] = [
      auditPut(this.tableName, input.audit),
      operationUpdate(this.tableName, input.operationId, { status: input.status, outcomeReason: input.outcomeReason, updatedAtMs: input.atMs }),
    ];
    if (input.epoch !== undefined && input.releaseAudit) {
      const release = leaseRelease(this.tableName, input.targetName, input.operationId, input.epoch, input.atMs);
      // Refused means someone else holds the lease now: finish without touching it.
      if (!(await transactWrite(this.client, [release, auditPut(this.tableName, input.releaseAudit), ...base]))) return { released: true };
    }
    await transactWrite(this.client, base);
    return { released: false };
  }

  /** Operations on a target, newest first. */
  async listForTarget(targetName: string): Promise<OperationRecord[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :op)',
        ExpressionAttributeValues: toItem({ ':pk': targetPartition(targetName), ':op': OPERATION_INDEX_PREFIX }),
        ScanIndexForward: false,
      }),
    );
    return (page.Items ?? []).map((item) => withoutKeys(fromItem(item)) as unknown as OperationRecord);
  }
}
