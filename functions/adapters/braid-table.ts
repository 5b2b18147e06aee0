import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { BRAID_TABLE_SCHEMA } from './braid-table-schema.js';
import { LeaseLostError, TargetBusyError } from '../core/errors.js';
import { CommandRefusedError, type OperatorCommand } from '../core/operator-commands.js';
import type { LeaseRecord } from '../core/lease.js';
import type { OperationStatus } from '../core/operation-lifecycle.js';
import type { TargetRecord } from '../core/registry.js';
import { auditPut, leaseFence, operationUpdate, queryAll, REGISTRY_PARTITION, stripKeys, tableKeys, toItem, transactWrite } from './table-requests.js';

/** An operation as stored. */
export interface OperationRecord {
  readonly operationId: string;
  readonly kind: 'rollout' | 'remediation';
  readonly targetName: string;
  /** The version a rollout shifts to; absent for remediations. */
  readonly newVersion?: string;
  readonly status: OperationStatus;
  /** How many steps the rollout's plan has (promotion included). */
  readonly planSteps?: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly requestedBy?: string;
  readonly reason?: string;
  readonly epoch?: number;
  readonly outcomeReason?: string;
  readonly snapshot?: { functionVersion: string; additionalVersionWeights: Record<string, number>; revisionId: string };
  readonly currentStep?: number;
  readonly currentWeight?: number;
  /** When the current step was applied and how long it bakes (for `braid rollout watch`). */
  readonly stepStartedAtMs?: number;
  readonly stepBakeSeconds?: number;
  readonly lastVerdict?: string;
  readonly lastVerdictSummary?: string;
  /** An operator's command waiting for the next gate check. */
  readonly command?: OperatorCommand;
  /** Remediations: what started it (an alarm incident, or `braid repair`). */
  readonly trigger?: 'alarm' | 'manual';
  readonly incident?: { key: string; alarmName: string; stateTimestampMs: number; eventId: string; detectedAtMs: number };
  readonly action?: string;
  /** A manual throttle's concurrency, when the operator named one. */
  readonly reservedConcurrency?: number;
  readonly decision?: string;
  readonly decisionRule?: string;
  readonly decisionReason?: string;
  readonly duplicatesSuppressed?: number;
  readonly repairedAtMs?: number;
  readonly convergedAtMs?: number;
  /** Remediations: the execution that runs it, once started. */
  readonly executionArn?: string;
}

const { target: targetKey, lease: leaseKey, operation: operationKey } = tableKeys;

/** The sort key of a target's known-good record. */
export const KNOWN_GOOD_ITEM = 'KNOWN_GOOD';

/** The version a target was last left healthy on: written when a rollout promotes. */
export interface KnownGood {
  /** The version the promotion put the alias on. */
  readonly current: string;
  /** The version before it, which served production until then: what a repair rolls back to. */
  readonly lastKnownGood: string;
  readonly atMs: number;
  readonly operationId: string;
}

/**
 * Braid's single DynamoDB table: the target registry, leases, operations and the audit trail.
 * Every write that mutates state goes in one transaction with its audit record and, where
 * the caller must hold the target's lease, a check of that lease and epoch (fencing).
 */
export class BraidTable {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Records (or replaces) a target in the registry. */
  async putTarget(target: TargetRecord, nowMs: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        // The registry partition of the index lists every target (the alarm detector looks targets up there).
        Item: toItem({ ...targetKey(target.targetName), gsi1pk: REGISTRY_PARTITION, gsi1sk: target.targetName, ...target, updatedAtMs: nowMs }),
      }),
    );
  }

  /** Records the version a promotion left the target on, and the one before it (the last known good), with its audit record. */
  async recordKnownGood(targetName: string, knownGood: KnownGood, audit: AuditRecord): Promise<void> {
    await this.transact([
      this.auditPut(audit),
      { Put: { TableName: this.tableName, Item: toItem({ ...tableKeys.targetControl(targetName, KNOWN_GOOD_ITEM), ...knownGood }) } },
    ]);
  }

  /** Every registered target. */
  async listTargets(): Promise<TargetRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
      KeyConditionExpression: 'gsi1pk = :registry',
      ExpressionAttributeValues: toItem({ ':registry': REGISTRY_PARTITION }),
    });
    return items.map(targetOf);
  }

  /** The registered target, or undefined. */
  async getTarget(targetName: string): Promise<TargetRecord | undefined> {
    const item = await this.get(targetKey(targetName));
    return item ? targetOf(item) : undefined;
  }

  /** The target's lease, or undefined if it was never taken. */
  async getLease(targetName: string): Promise<LeaseRecord | undefined> {
    return (await this.get(leaseKey(targetName), true)) as LeaseRecord | undefined;
  }

  async getOperation(operationId: string): Promise<OperationRecord | undefined> {
    return (await this.get(operationKey(operationId), true)) as OperationRecord | undefined;
  }

  /** Creates the operation with its first audit record; an existing operation is left as is. */
  async createOperation(operation: OperationRecord, audit: AuditRecord): Promise<'created' | 'exists'> {
    const refused = await this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: toItem({
            ...operationKey(operation.operationId),
            gsi1pk: `TARGET#${operation.targetName}`,
            gsi1sk: `OP#${operation.operationId}`,
            ...operation,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.auditPut(audit),
    ]);
    return refused ? 'exists' : 'created';
  }

  /**
   * Takes the target's lease for `operationId` with the epoch decided by the caller from
   * `expected` (the lease as read), in one transaction with the audit record and the
   * operation's move to `running`. Fails with TargetBusyError if the lease changed meanwhile.
   */
  async acquireLease(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    expected: LeaseRecord | undefined;
    acquiredAtMs: number;
    expiresAtMs: number;
    audit: AuditRecord;
  }): Promise<void> {
    const lease = {
      ...leaseKey(input.targetName),
      targetName: input.targetName,
      holder: input.operationId,
      epoch: input.epoch,
      acquiredAtMs: input.acquiredAtMs,
      expiresAtMs: input.expiresAtMs,
    };
    const leaseWrite: TransactWriteItem = {
      Put: {
        TableName: this.tableName,
        Item: toItem(lease),
        // Optimistic concurrency on the epoch we read: two racing acquirers cannot both win.
        ConditionExpression: input.expected ? 'epoch = :expected' : 'attribute_not_exists(pk)',
        ExpressionAttributeValues: input.expected ? toItem({ ':expected': input.expected.epoch }) : undefined,
      },
    };
    const refused = await this.transact([
      leaseWrite,
      this.auditPut(input.audit),
      this.operationUpdate(input.operationId, { status: 'running', epoch: input.epoch, updatedAtMs: input.acquiredAtMs }),
    ]);
    if (refused) {
      const now = await this.getLease(input.targetName);
      throw new TargetBusyError(input.targetName, now?.holder ?? 'another operation');
    }
  }

  /**
   * Writes an audit record (and optionally updates the operation) only if `operationId` still
   * holds the target's lease at `epoch`: the fence in front of every mutation.
   */
  async writeFenced(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    audit: AuditRecord;
    operationChanges?: Record<string, unknown>;
    /** Extends the lease to this time in the same transaction (a long rollout keeps its lease). */
    renewUntilMs?: number;
  }): Promise<void> {
    const items: TransactWriteItem[] = [this.leaseFence(input.targetName, input.operationId, input.epoch, input.renewUntilMs), this.auditPut(input.audit)];
    if (input.operationChanges) items.push(this.operationUpdate(input.operationId, input.operationChanges));
    const refused = await this.transact(items);
    if (refused) throw new LeaseLostError(input.targetName, input.operationId, input.epoch, { cause: refused });
  }

  /**
   * Ends the operation: sets its terminal status, writes the audit record, and releases the
   * lease if (and only if) this operation still holds it at `epoch` — never one it did not take.
   */
  async finishOperation(input: {
    targetName: string;
    operationId: string;
    epoch?: number;
    status: OperationStatus;
    outcomeReason: string;
    atMs: number;
    audit: AuditRecord;
    releaseAudit?: AuditRecord;
  }): Promise<{ released: boolean }> {
    const base: TransactWriteItem[] = [
      this.auditPut(input.audit),
      this.operationUpdate(input.operationId, { status: input.status, outcomeReason: input.outcomeReason, updatedAtMs: input.atMs }),
    ];
    if (input.epoch !== undefined && input.releaseAudit) {
      const release: TransactWriteItem = {
        Update: {
          TableName: this.tableName,
          Key: toItem(leaseKey(input.targetName)),
          UpdateExpression: 'REMOVE holder, expiresAtMs SET releasedAtMs = :at, releasedBy = :holder',
          ConditionExpression: 'holder = :holder AND epoch = :epoch',
          ExpressionAttributeValues: toItem({ ':holder': input.operationId, ':epoch': input.epoch, ':at': input.atMs }),
        },
      };
      // Refused means someone else holds the lease now: finish without touching it.
      if (!(await this.transact([release, this.auditPut(input.releaseAudit), ...base]))) return { released: true };
    }
    await this.transact(base);
    return { released: false };
  }

  /**
   * Records an operator's command for the operation's next gate check, with its audit record;
   * only while the operation runs (a later command replaces an earlier one).
   */
  async putCommand(operationId: string, command: OperatorCommand, audit: AuditRecord): Promise<void> {
    const refused = await this.transact([
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
      this.auditPut(audit),
    ]);
    if (refused) {
      const operation = await this.getOperation(operationId);
      throw new CommandRefusedError(
        operation
          ? `Operation ${operationId} is ${operation.status}; ${command.action} applies only to a running rollout.`
          : `Operation ${operationId} does not exist.`,
        { cause: refused },
      );
    }
  }

  /** Takes the applied command off the operation (if it is still the same one), with its audit record. */
  async clearCommand(operationId: string, command: OperatorCommand, audit: AuditRecord): Promise<void> {
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
          this.auditPut(audit),
        ],
      }),
    );
  }

  /** Appends one audit record with no fence (for records that change nothing, such as verdicts). */
  async appendAudit(audit: AuditRecord, operationChanges?: Record<string, unknown>): Promise<void> {
    if (!operationChanges) {
      await this.client.send(new PutItemCommand(this.auditPut(audit).Put!));
      return;
    }
    await this.transact([this.auditPut(audit), this.operationUpdate(audit.operationId, operationChanges)]);
  }

  /** The operation's audit trail, oldest first. */
  async listAudit(operationId: string): Promise<AuditRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: toItem({ ':pk': `OP#${operationId}`, ':audit': 'AUDIT#' }),
      ConsistentRead: true,
    });
    return items.map((item) => stripKeys(item) as unknown as AuditRecord);
  }

  /** Operations on a target, newest first. */
  async listOperations(targetName: string): Promise<OperationRecord[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :op)',
        ExpressionAttributeValues: toItem({ ':pk': `TARGET#${targetName}`, ':op': 'OP#' }),
        ScanIndexForward: false,
      }),
    );
    return (page.Items ?? []).map((item) => stripKeys(unmarshall(item)) as unknown as OperationRecord);
  }

  private transact(items: TransactWriteItem[]): Promise<unknown> {
    return transactWrite(this.client, items);
  }

  private leaseFence(targetName: string, operationId: string, epoch: number, renewUntilMs?: number): TransactWriteItem {
    return leaseFence(this.tableName, targetName, operationId, epoch, renewUntilMs);
  }

  private auditPut(audit: AuditRecord) {
    return auditPut(this.tableName, audit);
  }

  private operationUpdate(operationId: string, changes: Record<string, unknown>): TransactWriteItem {
    return operationUpdate(this.tableName, operationId, changes);
  }

  private async get(key: Record<string, string>, strip = false): Promise<Record<string, unknown> | undefined> {
    const result = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: toItem(key), ConsistentRead: true }));
    if (!result.Item) return undefined;
    const item = unmarshall(result.Item);
    return strip ? stripKeys(item) : item;
  }
}

function targetOf(item: Record<string, unknown>): TargetRecord {
  const { targetName, functionName, aliasName, gateAlarmNames, steps, gatePolicy, approvalPolicy, canaryJudge, hooks, rollbackPolicy, remediation } =
    item as unknown as TargetRecord;
  return {
    targetName,
    functionName,
    aliasName,
    gateAlarmNames: gateAlarmNames ?? [],
    steps,
    gatePolicy,
    approvalPolicy,
    canaryJudge,
    hooks,
    rollbackPolicy,
    remediation,
  };
}
