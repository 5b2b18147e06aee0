import {
  ConditionalCheckFailedException,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditRecord } from '../core/audit.js';

/** The items of Braid's table, by key: every adapter of the table builds its keys and requests here. */
export const tableKeys = {
  target: (targetName: string) => ({ pk: `TARGET#${targetName}`, sk: 'TARGET' }),
  lease: (targetName: string) => ({ pk: `TARGET#${targetName}`, sk: 'LEASE' }),
  operation: (operationId: string) => ({ pk: `OP#${operationId}`, sk: 'OP' }),
  /** Per-target control state of the remediation braid (kill switch, breaker, bucket, cooldowns, …). */
  targetControl: (targetName: string, name: string) => ({ pk: `TARGET#${targetName}`, sk: name }),
  /** Account-wide control state (global kill switch and rate limit). */
  globalControl: (name: string) => ({ pk: 'GLOBAL', sk: name }),
} as const;

/** The index partition listing every registered target (sparse: only target items carry it). */
export const REGISTRY_PARTITION = 'REGISTRY';

/** Marshals an item the way every adapter stores it. */
export const toItem = (value: object) => marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/** Drops the table's key attributes from an item read back. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest;
}

/** Every item a query matches, across pages, unmarshalled, key attributes kept. */
export async function queryAll(client: DynamoDBClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** How often a transaction that lost a race on an item (TransactionConflict) is tried again. */
const CONFLICT_ATTEMPTS = 6;

/**
 * Runs one transaction. Returns the cancellation when the first action's condition refused it
 * (the caller says what that means: busy, lease lost, already decided), nothing on success.
 * A transaction cancelled only because another one touched the same item at once is tried
 * again after a short random pause (DynamoDB does not retry those); any other failure is thrown.
 */
export async function transactWrite(client: DynamoDBClient, items: TransactWriteItem[]): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (isCancelledBy(error, 0)) return error;
      if (!isConflictOnly(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

/** True when a transaction was cancelled because the condition of action `index` failed. */
export function isCancelledBy(error: unknown, index: number): boolean {
  if (error instanceof TransactionCanceledException) return error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
  return error instanceof ConditionalCheckFailedException;
}

function isConflictOnly(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.includes('TransactionConflict') && codes.every((code) => code === 'None' || code === 'TransactionConflict');
}

/** An append-only audit record: a put that never overwrites. */
export function auditPut(tableName: string, audit: AuditRecord): TransactWriteItem & { Put: NonNullable<TransactWriteItem['Put']> } {
  return {
    Put: {
      TableName: tableName,
      Item: toItem({
        pk: `OP#${audit.operationId}`,
        sk: `AUDIT#${audit.auditId}`,
        gsi1pk: `TARGET#${audit.targetName}`,
        gsi1sk: `AUDIT#${audit.auditId}`,
        ...audit,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The first action of every fenced transaction: the operation must hold the target's lease at
 * `epoch` (a ConditionCheck), and, given `renewUntilMs`, the lease is extended to it.
 */
export function leaseFence(tableName: string, targetName: string, operationId: string, epoch: number, renewUntilMs?: number): TransactWriteItem {
  const key = toItem(tableKeys.lease(targetName));
  const condition = 'holder = :holder AND epoch = :epoch';
  const fence = { ':holder': operationId, ':epoch': epoch };
  if (renewUntilMs === undefined) {
    return { ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: condition, ExpressionAttributeValues: toItem(fence) } };
  }
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET expiresAtMs = :until',
      ConditionExpression: condition,
      ExpressionAttributeValues: toItem({ ...fence, ':until': renewUntilMs }),
    },
  };
}

/** Sets the given fields of an existing operation. */
export function operationUpdate(tableName: string, operationId: string, changes: Record<string, unknown>): TransactWriteItem {
  return setFields(tableName, tableKeys.operation(operationId), changes, 'attribute_exists(pk)');
}

/** Sets the given fields (undefined ones are left alone) of the item at `key`, under an optional condition. */
export function setFields(
  tableName: string,
  key: Record<string, string>,
  changes: Record<string, unknown>,
  condition?: string,
  conditionValues?: Record<string, unknown>,
): TransactWriteItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...conditionValues };
  const sets = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], index) => {
      names[`#f${index}`] = field;
      values[`:v${index}`] = value;
      return `#f${index} = :v${index}`;
    });
  return {
    Update: {
      TableName: tableName,
      Key: toItem(key),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    },
  };
}
