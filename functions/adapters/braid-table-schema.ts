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
