import type { AuditRecord } from '../core/audit.js';
import { CONTROL_ITEMS, targetControlKey, type KnownGood } from '../schema/control-items.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, TableAdapter, transactWrite } from './table-requests.js';

/** Each target's last known good version: written when a rollout promotes, read by repairs that roll back. */
export class KnownGoodTable extends TableAdapter {
  /** Records the version a promotion left the target on, and the one before it (the last known good), with its audit record. */
  async record(targetName: string, knownGood: KnownGood, audit: AuditRecord): Promise<void> {
    await transactWrite(this.client, [
      auditPut(this.tableName, audit),
      { Put: { TableName: this.tableName, Item: toItem({ ...targetControlKey(targetName, CONTROL_ITEMS.knownGood), ...knownGood }) } },
    ]);
  }
}
