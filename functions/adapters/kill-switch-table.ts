import type { AuditRecord } from '../core/audit.js';
import { CONTROL_ITEMS, globalControlKey, targetControlKey, type KillSwitchItem } from '../schema/control-items.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, TableAdapter, transactWrite } from './table-requests.js';

/** Kill switches: one per target and one for the account; on, no remediation mutates anything. */
export class KillSwitchTable extends TableAdapter {
  /** Turns a kill switch (a target's, or the global one with `targetName` undefined) on or off, with its audit record. */
  async set(targetName: string | undefined, state: KillSwitchItem, audit: AuditRecord): Promise<void> {
    const key = targetName === undefined ? globalControlKey(CONTROL_ITEMS.killSwitch) : targetControlKey(targetName, CONTROL_ITEMS.killSwitch);
    await transactWrite(this.client, [auditPut(this.tableName, audit), { Put: { TableName: this.tableName, Item: toItem({ ...key, ...state }) } }]);
  }
}
