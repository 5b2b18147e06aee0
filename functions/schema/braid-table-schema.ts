/**
 * The key schema of Braid's table, shared by the CDK construct, the sandbox and every adapter so
 * they can never disagree. Partition key `pk`, sort key `sk` (both strings); one global secondary
 * index `gsi1` (`gsi1pk`, `gsi1sk`) listing a target's operations and audit records, the
 * registry and the pending holds.
 */
export const BRAID_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  targetIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** An item's primary key. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** An item's entry in the `gsi1` index. */
export interface IndexEntry {
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

/** An item's attributes without the key attributes (what an item read back holds as a record). */
export function withoutKeys(item: object): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item as Record<string, unknown>;
  return rest;
}

/** The CreateTable request for Braid's table, as the CDK construct declares it (for the sandbox and tests). */
export function braidTableDefinition(tableName: string) {
  const { partitionKey, sortKey, targetIndex } = BRAID_TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [partitionKey, sortKey, targetIndex.partitionKey, targetIndex.sortKey].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: targetIndex.name,
        KeySchema: [
          { AttributeName: targetIndex.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: targetIndex.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}

/** The partition of a target: its registry item, its lease and its control items. */
export function targetPartition(targetName: string): string {
  return `TARGET#${targetName}`;
}

/** The partition of an operation: its record, its audit trail and its holds. */
export function operationPartition(operationId: string): string {
  return `OP#${operationId}`;
}

/** The partition of account-wide control items (global kill switch and rate limit, settings). */
export const GLOBAL_PARTITION = 'GLOBAL';
