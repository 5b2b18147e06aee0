import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The key schema of Braid's table, shared by the CDK construct and the sandbox so the two
 * can never disagree. Partition key `pk`, sort key `sk` (both strings); one global secondary
 * index `gsi1` (`gsi1pk`, `gsi1sk`) listing a target's operations and audit records.
 */
export const BRAID_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  targetIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** The CreateTable request for Braid's table, as the CDK construct declares it (for the sandbox and tests). */
export function braidTableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, targetIndex } = BRAID_TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [partitionKey, sortKey, targetIndex.partitionKey, targetIndex.sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: targetIndex.name,
        KeySchema: [
          { AttributeName: targetIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: targetIndex.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
