import { GLOBAL_PARTITION, targetPartition, withoutKeys } from '../schema/braid-table-schema.js';
import { globalControlOf, targetControlOf, type GlobalControl, type TargetControl } from '../schema/control-items.js';
import { toItem } from './dynamodb-item.js';
import { queryAll, TableAdapter } from './table-requests.js';

/** Reads the remediation braid's control items: a target's (or the account's) all at once, in one consistent query of its partition. */
export class ControlReader extends TableAdapter {
  /** The target's control state. */
  async readTarget(targetName: string): Promise<TargetControl> {
    return targetControlOf(await this.partition(targetPartition(targetName)));
  }

  /** The account-wide control state. */
  async readGlobal(): Promise<GlobalControl> {
    return globalControlOf(await this.partition(GLOBAL_PARTITION));
  }

  private async partition(pk: string): Promise<Map<string, Record<string, unknown>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': pk }),
      ConsistentRead: true,
    });
    return new Map(items.map((item) => [String(item.sk), withoutKeys(item)]));
  }
}
