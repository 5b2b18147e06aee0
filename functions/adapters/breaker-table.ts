import type { AuditRecord } from '../core/audit.js';
import type { BreakerState } from '../core/remediation/remediation-policy.js';
import { CONTROL_ITEMS, targetControlKey } from '../schema/control-items.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, TableAdapter, transactWrite } from './table-requests.js';

/** Targets' repair circuit breakers: opened by consecutive failed repairs, closed only by an operator. */
export class BreakerTable extends TableAdapter {
  /** Stores the breaker's new state with its audit record. */
  async set(targetName: string, state: BreakerState, audit: AuditRecord): Promise<void> {
    await transactWrite(this.client, [
      auditPut(this.tableName, audit),
      { Put: { TableName: this.tableName, Item: toItem({ ...targetControlKey(targetName, CONTROL_ITEMS.breaker), ...state }) } },
    ]);
  }
}
