import { PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { CONTROL_ITEMS, targetControlKey, type EscalationClaim } from '../schema/control-items.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, TableAdapter, transactWrite } from './table-requests.js';

/** Escalation claims: who may notify people about a target, at most once per quiet window. */
export class EscalationTable extends TableAdapter {
  /**
   * Claims the right to notify people about the target: granted when nobody was notified
   * within the quiet window (one notification per escalation, no spam). The audit record is
   * written either way.
   */
  async claim(input: { targetName: string; operationId: string; atMs: number; quietSeconds: number; audit: AuditRecord }): Promise<boolean> {
    const claimed: EscalationClaim = { notifiedAtMs: input.atMs, operationId: input.operationId };
    const claim: TransactWriteItem = {
      Put: {
        TableName: this.tableName,
        Item: toItem({ ...targetControlKey(input.targetName, CONTROL_ITEMS.escalation), ...claimed }),
        ConditionExpression: 'attribute_not_exists(pk) OR notifiedAtMs <= :quietSince OR operationId = :me',
        ExpressionAttributeValues: toItem({ ':quietSince': input.atMs - input.quietSeconds * 1000, ':me': input.operationId }),
      },
    };
    const refused = await transactWrite(this.client, [claim, auditPut(this.tableName, { ...input.audit, detail: { ...input.audit.detail, notify: true } })]);
    if (!refused) return true;
    await this.client.send(new PutItemCommand(auditPut(this.tableName, { ...input.audit, detail: { ...input.audit.detail, notify: false } }).Put));
    return false;
  }
}
