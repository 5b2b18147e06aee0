import { PutItemCommand, UpdateItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import type { BucketState } from '../core/remediation/token-bucket.js';
import { BRAID_TABLE_SCHEMA, withoutKeys, type ItemKey } from '../schema/braid-table-schema.js';
import { CONTROL_ITEMS, cooldownKey, globalControlKey, targetControlKey, type Cooldown } from '../schema/control-items.js';
import { operationKey, operationsBetween, type RemediationOperation } from '../schema/operation-item.js';
import { fromItem, toItem } from './dynamodb-item.js';
import { auditPut, isCancelledBy, leaseFence, operationUpdate, queryAll, setFields, TableAdapter, transactWrite } from './table-requests.js';

/** A bucket take to apply only if the bucket is still as it was read (optimistic concurrency). */
export interface BucketTake {
  readonly before?: BucketState;
  readonly after: BucketState;
}

/**
 * Incidents: the remediation braid's bookkeeping on its operations (redeliveries counted, the
 * policy decision with the rate-limit tokens it takes, the execution that runs it, the repair's
 * intent with the action's cooldown). Every change goes in one transaction with its audit record.
 */
export class IncidentTable extends TableAdapter {
  /** Counts one more delivery of an incident already claimed, after writing its audit record. */
  async recordDuplicate(operationId: string, audit: AuditRecord): Promise<number> {
    await this.client.send(new PutItemCommand(auditPut(this.tableName, audit).Put));
    const result = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: toItem(operationKey(operationId)),
        UpdateExpression: 'ADD duplicatesSuppressed :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: toItem({ ':one': 1 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(fromItem(result.Attributes ?? {}).duplicatesSuppressed ?? 0);
  }

  /**
   * Records the policy decision on an operation, once: with its audit record and, when it
   * consumes a token, both bucket takes, each applied only if its bucket is unchanged since it
   * was read. `decided_already` when another delivery decided first; `bucket_moved` when a
   * bucket changed meanwhile (read again and decide again).
   */
  async recordDecision(input: {
    operationId: string;
    targetName: string;
    changes: Partial<RemediationOperation>;
    audit: AuditRecord;
    takes?: { target: BucketTake; global: BucketTake };
  }): Promise<'recorded' | 'decided_already' | 'bucket_moved'> {
    const items: TransactWriteItem[] = [
      setFields(this.tableName, operationKey(input.operationId), input.changes, 'attribute_exists(pk) AND attribute_not_exists(decision)'),
    ];
    if (input.takes) {
      items.push(this.bucketWrite(targetControlKey(input.targetName, CONTROL_ITEMS.bucket), input.takes.target));
      items.push(this.bucketWrite(globalControlKey(CONTROL_ITEMS.bucket), input.takes.global));
    }
    items.push(auditPut(this.tableName, input.audit));
    try {
      return (await transactWrite(this.client, items)) ? 'decided_already' : 'recorded';
    } catch (error) {
      if (isCancelledBy(error, 1) || isCancelledBy(error, 2)) return 'bucket_moved';
      throw error;
    }
  }

  /** Notes which execution runs the operation (bookkeeping: redeliveries then know it started). */
  async recordExecution(operationId: string, executionArn: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: toItem(operationKey(operationId)),
        UpdateExpression: 'SET executionArn = :arn',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: toItem({ ':arn': executionArn }),
      }),
    );
  }

  /**
   * The repair's intent, behind the lease fence (which it renews): the audit record, the
   * operation's plan and the action's cooldown start, in one transaction.
   */
  async recordRepairIntent(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    action: string;
    atMs: number;
    renewUntilMs: number;
    audit: AuditRecord;
    operationChanges: Partial<RemediationOperation>;
  }): Promise<void> {
    const cooldown: Cooldown = { lastRepairAtMs: input.atMs, operationId: input.operationId };
    const refused = await transactWrite(this.client, [
      leaseFence(this.tableName, input.targetName, input.operationId, input.epoch, input.renewUntilMs),
      auditPut(this.tableName, input.audit),
      operationUpdate(this.tableName, input.operationId, input.operationChanges),
      setFields(this.tableName, cooldownKey(input.targetName, input.action), { ...cooldown }),
    ]);
    if (refused) throw new LeaseLostError(input.targetName, input.operationId, input.epoch, { cause: refused });
  }

  /** The target's alarm-triggered remediation operations whose incident time lies between `sinceMs` and `untilMs`, oldest first. */
  async listRecent(targetName: string, sinceMs: number, untilMs: number): Promise<RemediationOperation[]> {
    const range = operationsBetween(targetName, sinceMs, untilMs);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      FilterExpression: 'kind = :remediation AND #trigger = :alarm',
      ExpressionAttributeNames: { '#trigger': 'trigger' },
      ExpressionAttributeValues: toItem({ ':pk': range.gsi1pk, ':from': range.from, ':to': range.to, ':remediation': 'remediation', ':alarm': 'alarm' }),
    });
    return items.map((item) => withoutKeys(item) as unknown as RemediationOperation);
  }

  private bucketWrite(key: ItemKey, take: BucketTake): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: toItem({ ...key, ...take.after }),
        ConditionExpression: take.before ? 'updatedAtMs = :updated AND tokens = :tokens' : 'attribute_not_exists(pk)',
        ExpressionAttributeValues: take.before ? toItem({ ':updated': take.before.updatedAtMs, ':tokens': take.before.tokens }) : undefined,
      },
    };
  }
}
