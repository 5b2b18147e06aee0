import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { BRAID_TABLE_SCHEMA, withoutKeys } from '../schema/braid-table-schema.js';
import { REGISTRY_PARTITION, targetItem, targetKey, targetOf, type TargetRecord } from '../schema/target-item.js';
import { toItem } from './dynamodb-item.js';
import { getItem, queryAll, TableAdapter } from './table-requests.js';

/** The target registry: one item per target, written at deploy time (and by the sandbox), read by every braid. */
export class TargetRegistry extends TableAdapter {
  /** Records (or replaces) a target, as the deploy-time registration writes it. */
  async put(target: TargetRecord): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem(targetItem(target)) }));
  }

  /** The registered target, or undefined. */
  async get(targetName: string): Promise<TargetRecord | undefined> {
    const item = await getItem(this.client, this.tableName, targetKey(targetName));
    return item ? targetOf(withoutKeys(item)) : undefined;
  }

  /** Every registered target. */
  async list(): Promise<TargetRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
      KeyConditionExpression: 'gsi1pk = :registry',
      ExpressionAttributeValues: toItem({ ':registry': REGISTRY_PARTITION }),
    });
    return items.map(targetOf);
  }
}
