import { PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import { AUDIT_PREFIX } from '../schema/audit-item.js';
import { operationPartition } from '../schema/braid-table-schema.js';
import { auditPut, leaseFence, operationUpdate, queryPrefix, TableAdapter, transactWrite } from './table-requests.js';

/** The audit trail: append-only records, one per decision and per intended mutation, written before the mutation. */
export class AuditTrail extends TableAdapter {
  /** Appends one audit record with no fence (for records that change nothing, such as verdicts), with the operation's changes if any. */
  async append(audit: AuditRecord, operationChanges?: Record<string, unknown>): Promise<void> {
    if (!operationChanges) {
      await this.client.send(new PutItemCommand(auditPut(this.tableName, audit).Put));
      return;
    }
    await transactWrite(this.client, [auditPut(this.tableName, audit), operationUpdate(this.tableName, audit.operationId, operationChanges)]);
  }

  /**
   * Writes an audit record (and optionally updates the operation) only if `operationId` still
   * holds the target's lease at `epoch`: the fence in front of every mutation.
   */
  async writeFenced(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    audit: AuditRecord;
    operationChanges?: Record<string, unknown>;
    /** Extends the lease to this time in the same transaction (a long rollout keeps its lease). */
    renewUntilMs?: number;
  }): Promise<void> {
    const items: TransactWriteItem[] = [
      leaseFence(this.tableName, input.targetName, input.operationId, input.epoch, input.renewUntilMs),
      auditPut(this.tableName, input.audit),
    ];
    if (input.operationChanges) items.push(operationUpdate(this.tableName, input.operationId, input.operationChanges));
    const refused = await transactWrite(this.client, items);
    if (refused) throw new LeaseLostError(input.targetName, input.operationId, input.epoch, { cause: refused });
  }

  /** The operation's audit trail, oldest first. */
  async list(operationId: string): Promise<AuditRecord[]> {
    return (await queryPrefix(this.client, this.tableName, operationPartition(operationId), AUDIT_PREFIX)) as unknown as AuditRecord[];
  }
}
