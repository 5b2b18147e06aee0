import {
  ConditionalCheckFailedException,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { auditItem } from '../schema/audit-item.js';
import { withoutKeys, type ItemKey } from '../schema/braid-table-schema.js';
import { leaseKey } from '../schema/lease-item.js';
import { operationKey } from '../schema/operation-item.js';
import { fromItem, toItem } from './dynamodb-item.js';

/** Every item a query matches, across pages, unmarshalled, key attributes kept. */
export async function queryAll(client: DynamoDBClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.push(fromItem(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The items of partition `pk` whose sort key starts with `prefix`, oldest first, read consistently, key attributes dropped. */
export async function queryPrefix(client: DynamoDBClient, tableName: string, pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: toItem({ ':pk': pk, ':prefix': prefix }),
    ConsistentRead: true,
  });
  return items.map(withoutKeys);
}

/** One item by key, read consistently, as plain values (key attributes kept); undefined when there is none. */
export async function getItem(client: DynamoDBClient, tableName: string, key: ItemKey): Promise<Record<string, unknown> | undefined> {
  const result = await client.send(new GetItemCommand({ TableName: tableName, Key: toItem(key), ConsistentRead: true }));
  return result.Item ? fromItem(result.Item) : undefined;
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
      Item: toItem(auditItem(audit)),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The first action of every fenced transaction: the operation must hold the target's lease at
 * `epoch` (a ConditionCheck), and, given `renewUntilMs`, the lease is extended to it.
 */
export function leaseFence(tableName: string, targetName: string, operationId: string, epoch: number, renewUntilMs?: number): TransactWriteItem {
  const key = toItem(leaseKey(targetName));
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

/** Releases the target's lease, only if `operationId` still holds it at `epoch`: never one it did not take. */
export function leaseRelease(tableName: string, targetName: string, operationId: string, epoch: number, atMs: number): TransactWriteItem {
  return {
    Update: {
      TableName: tableName,
      Key: toItem(leaseKey(targetName)),
      UpdateExpression: 'REMOVE holder, expiresAtMs SET releasedAtMs = :at, releasedBy = :holder',
      ConditionExpression: 'holder = :holder AND epoch = :epoch',
      ExpressionAttributeValues: toItem({ ':holder': operationId, ':epoch': epoch, ':at': atMs }),
    },
  };
}

/** Sets the given fields of an existing operation. */
export function operationUpdate(tableName: string, operationId: string, changes: Record<string, unknown>): TransactWriteItem {
  return setFields(tableName, operationKey(operationId), changes, 'attribute_exists(pk)');
}

/** Sets the given fields (undefined ones are left alone) of the item at `key`, under an optional condition. */
export function setFields(
  tableName: string,
  key: ItemKey,
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

/** An adapter of one record kind of Braid's table: the client it sends with, and the table's name. */
export abstract class TableAdapter {
  constructor(
    protected readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}
}
