import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { CommandRefusedError, type OperatorCommand } from '../core/operator-commands.js';
import { operationKey, type OperationRecord } from '../schema/operation-item.js';
import { toItem } from './dynamodb-item.js';
import { auditPut, getItem, TableAdapter, transactWrite } from './table-requests.js';

/** Operator commands: at most one per rollout (`command` on its record), waiting for its next gate check. */
export class CommandTable extends TableAdapter {
  /** The command waiting on the operation, if any. */
  async get(operationId: string): Promise<OperatorCommand | undefined> {
    const operation = (await getItem(this.client, this.tableName, operationKey(operationId))) as OperationRecord | undefined;
    return operation?.kind === 'rollout' ? operation.command : undefined;
  }

  /**
   * Records an operator's command for the operation's next gate check, with its audit record;
   * only while the operation runs (a later command replaces an earlier one).
   */
  async put(operationId: string, command: OperatorCommand, audit: AuditRecord): Promise<void> {
    const refused = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: toItem(operationKey(operationId)),
          UpdateExpression: 'SET #command = :command, updatedAtMs = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :running)',
          ExpressionAttributeNames: { '#command': 'command', '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':command': command, ':at': command.atMs, ':pending': 'pending', ':running': 'running' }),
        },
      },
      auditPut(this.tableName, audit),
    ]);
    if (refused) {
      const operation = (await getItem(this.client, this.tableName, operationKey(operationId))) as OperationRecord | undefined;
      throw new CommandRefusedError(
        operation
          ? `Operation ${operationId} is ${operation.status}; ${command.action} applies only to a running rollout.`
          : `Operation ${operationId} does not exist.`,
        { cause: refused },
      );
    }
  }

  /** Takes the applied command off the operation (if it is still the same one), with its audit record. */
  async clear(operationId: string, command: OperatorCommand, audit: AuditRecord): Promise<void> {
    await this.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: toItem(operationKey(operationId)),
              UpdateExpression: 'REMOVE #command',
              ConditionExpression: '#command.atMs = :at',
              ExpressionAttributeNames: { '#command': 'command' },
              ExpressionAttributeValues: toItem({ ':at': command.atMs }),
            },
          },
          auditPut(this.tableName, audit),
        ],
      }),
    );
  }
}
