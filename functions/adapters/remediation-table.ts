import { DynamoDBClient, PutItemCommand, UpdateItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditRecord } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import type { BreakerState, KillSwitchState } from '../core/remediation/remediation-policy.js';
import type { BucketState } from '../core/remediation/token-bucket.js';
import type { RemediationSettings } from '../remediation/remediation-deps.js';
import { BRAID_TABLE_SCHEMA } from './braid-table-schema.js';
import { KNOWN_GOOD_ITEM, type KnownGood, type OperationRecord } from './braid-table.js';
import { encodeTime } from 'ulidx';
import { auditPut, isCancelledBy, leaseFence, operationUpdate, queryAll, setFields, stripKeys, tableKeys, toItem, transactWrite } from './table-requests.js';

/** Everything the remediation braid keeps per target, read in one query. */
export interface TargetControl {
  readonly killSwitch: KillSwitchState;
  readonly breaker: BreakerState;
  readonly bucket?: BucketState;
  /** Last repair time by action. */
  readonly lastRepairAtMs: Readonly<Record<string, number>>;
  readonly knownGood?: KnownGood;
  readonly lastNotifiedAtMs?: number;
}

/** Account-wide control state. */
export interface GlobalControl {
  readonly killSwitch: KillSwitchState;
  readonly bucket?: BucketState;
  /** As the Braid construct recorded them at deploy time; absent (or unusable) = the defaults apply. */
  readonly settings?: RemediationSettings;
}

/** A kill switch as stored. */
type StoredKillSwitch = { on: boolean; by?: string; reason?: string; atMs?: number };

const KILL_SWITCH = 'KILLSWITCH';
const BREAKER = 'BREAKER';
const BUCKET = 'BUCKET';
const KNOWN_GOOD = KNOWN_GOOD_ITEM;
const ESCALATION = 'ESCALATION';
/** The sort key of the account-wide settings item (partition GLOBAL). */
export const SETTINGS = 'SETTINGS';
const COOLDOWN = 'COOLDOWN#';
/** A ULID starts with its time in ten base-32 characters. */
const ULID_TIME_CHARS = 10;

/** A bucket take to apply only if the bucket is still as it was read (optimistic concurrency). */
export interface BucketTake {
  readonly before?: BucketState;
  readonly after: BucketState;
}

/**
 * The remediation braid's state in Braid's table: per-target and global controls (kill switch,
 * breaker, rate-limit buckets, cooldowns, last known good version, escalations) and incident
 * bookkeeping. Every change goes in one transaction with its audit record.
 */
export class RemediationTable {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** The target's control state, in one consistent query of its partition. */
  async readTargetControl(targetName: string): Promise<TargetControl> {
    const items = await this.partition(`TARGET#${targetName}`);
    const lastRepairAtMs: Record<string, number> = {};
    for (const [sk, item] of items) if (sk.startsWith(COOLDOWN)) lastRepairAtMs[sk.slice(COOLDOWN.length)] = Number(item.lastRepairAtMs);
    const breaker = items.get(BREAKER);
    const escalation = items.get(ESCALATION);
    return {
      killSwitch: killSwitchOf(items.get(KILL_SWITCH)),
      breaker: breaker
        ? { consecutiveFailures: Number(breaker.consecutiveFailures ?? 0), open: breaker.open === true, openedAtMs: breaker.openedAtMs as number | undefined }
        : { consecutiveFailures: 0, open: false },
      bucket: bucketOf(items.get(BUCKET)),
      lastRepairAtMs,
      knownGood: items.get(KNOWN_GOOD) as KnownGood | undefined,
      lastNotifiedAtMs: escalation?.notifiedAtMs as number | undefined,
    };
  }

  /** The account-wide control state. */
  async readGlobalControl(): Promise<GlobalControl> {
    const items = await this.partition('GLOBAL');
    return { killSwitch: killSwitchOf(items.get(KILL_SWITCH)), bucket: bucketOf(items.get(BUCKET)), settings: settingsOf(items.get(SETTINGS)) };
  }

  /** Records the account-wide settings (the deploy does this; the sandbox at start). */
  async putSettings(settings: RemediationSettings): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem({ ...tableKeys.globalControl(SETTINGS), ...settings }) }));
  }

  /** Counts one more delivery of an incident already claimed, after writing its audit record. */
  async recordDuplicate(operationId: string, audit: AuditRecord): Promise<number> {
    await this.client.send(new PutItemCommand(auditPut(this.tableName, audit).Put));
    const result = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: toItem(tableKeys.operation(operationId)),
        UpdateExpression: 'ADD duplicatesSuppressed :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: toItem({ ':one': 1 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(unmarshall(result.Attributes ?? {}).duplicatesSuppressed ?? 0);
  }

  /**
   * Records the policy decision on an operation, once: with its audit record and, when it
   * consumes a token, both bucket takes, each applied only if its bucket is unchanged since it
   * was read. `decided_already` when another delivery decided first; `bucket_moved` when a
   * bucket changed meanwhile (read again and decide again).
   */
  async recordDecision(input: {
    operationId: string;
    targetName: string;
    changes: Record<string, unknown>;
    audit: AuditRecord;
    takes?: { target: BucketTake; global: BucketTake };
  }): Promise<'recorded' | 'decided_already' | 'bucket_moved'> {
    const items: TransactWriteItem[] = [
      setFields(this.tableName, tableKeys.operation(input.operationId), input.changes, 'attribute_exists(pk) AND attribute_not_exists(decision)'),
    ];
    if (input.takes) {
      items.push(this.bucketWrite(tableKeys.targetControl(input.targetName, BUCKET), input.takes.target));
      items.push(this.bucketWrite(tableKeys.globalControl(BUCKET), input.takes.global));
    }
    items.push(auditPut(this.tableName, input.audit));
    try {
      return (await transactWrite(this.client, items)) ? 'decided_already' : 'recorded';
    } catch (error) {
      if (isCancelledBy(error, 1) || isCancelledBy(error, 2)) return 'bucket_moved';
      throw error;
    }
  }

  /** Notes which execution runs the operation (bookkeeping: redeliveries then know it started). */
  async recordExecution(operationId: string, executionArn: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: toItem(tableKeys.operation(operationId)),
        UpdateExpression: 'SET executionArn = :arn',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: toItem({ ':arn': executionArn }),
      }),
    );
  }

  /**
   * The repair's intent, behind the lease fence (which it renews): the audit record, the
   * operation's plan and the action's cooldown start, in one transaction.
   */
  async recordRepairIntent(input: {
    targetName: string;
    operationId: string;
    epoch: number;
    action: string;
    atMs: number;
    renewUntilMs: number;
    audit: AuditRecord;
    operationChanges: Record<string, unknown>;
  }): Promise<void> {
    const refused = await transactWrite(this.client, [
      leaseFence(this.tableName, input.targetName, input.operationId, input.epoch, input.renewUntilMs),
      auditPut(this.tableName, input.audit),
      operationUpdate(this.tableName, input.operationId, input.operationChanges),
      setFields(this.tableName, tableKeys.targetControl(input.targetName, `${COOLDOWN}${input.action}`), {
        lastRepairAtMs: input.atMs,
        operationId: input.operationId,
      }),
    ]);
    if (refused) throw new LeaseLostError(input.targetName, input.operationId, input.epoch, { cause: refused });
  }

  /** Turns a kill switch (a target's, or the global one with `targetName` undefined) on or off, with its audit record. */
  async setKillSwitch(targetName: string | undefined, state: StoredKillSwitch, audit: AuditRecord): Promise<void> {
    const key = targetName === undefined ? tableKeys.globalControl(KILL_SWITCH) : tableKeys.targetControl(targetName, KILL_SWITCH);
    await transactWrite(this.client, [auditPut(this.tableName, audit), { Put: { TableName: this.tableName, Item: toItem({ ...key, ...state }) } }]);
  }

  /** Stores the breaker's new state with its audit record. */
  async setBreaker(targetName: string, state: BreakerState, audit: AuditRecord): Promise<void> {
    await transactWrite(this.client, [
      auditPut(this.tableName, audit),
      { Put: { TableName: this.tableName, Item: toItem({ ...tableKeys.targetControl(targetName, BREAKER), ...state }) } },
    ]);
  }

  /**
   * Claims the right to notify people about the target: granted when nobody was notified
   * within the quiet window (one notification per escalation, no spam). The audit record is
   * written either way.
   */
  async claimEscalation(input: { targetName: string; operationId: string; atMs: number; quietSeconds: number; audit: AuditRecord }): Promise<boolean> {
    const claim: TransactWriteItem = {
      Put: {
        TableName: this.tableName,
        Item: toItem({ ...tableKeys.targetControl(input.targetName, ESCALATION), notifiedAtMs: input.atMs, operationId: input.operationId }),
        ConditionExpression: 'attribute_not_exists(pk) OR notifiedAtMs <= :quietSince OR operationId = :me',
        ExpressionAttributeValues: toItem({ ':quietSince': input.atMs - input.quietSeconds * 1000, ':me': input.operationId }),
      },
    };
    const refused = await transactWrite(this.client, [claim, auditPut(this.tableName, { ...input.audit, detail: { ...input.audit.detail, notify: true } })]);
    if (!refused) return true;
    await this.client.send(new PutItemCommand(auditPut(this.tableName, { ...input.audit, detail: { ...input.audit.detail, notify: false } }).Put));
    return false;
  }

  /** The target's alarm-triggered remediation operations whose incident time lies between `sinceMs` and `untilMs`, oldest first. */
  async listRecentIncidents(targetName: string, sinceMs: number, untilMs: number): Promise<OperationRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BRAID_TABLE_SCHEMA.targetIndex.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      FilterExpression: 'kind = :remediation AND #trigger = :alarm',
      ExpressionAttributeNames: { '#trigger': 'trigger' },
      // Operation ids are ULIDs, so their first ten characters are their time: the index sorts them by incident time.
      ExpressionAttributeValues: toItem({
        ':pk': `TARGET#${targetName}`,
        ':from': `OP#${encodeTime(Math.max(0, sinceMs), ULID_TIME_CHARS)}`,
        ':to': `OP#${encodeTime(Math.max(0, untilMs), ULID_TIME_CHARS)}~`,
        ':remediation': 'remediation',
        ':alarm': 'alarm',
      }),
    });
    return items.map((item) => stripKeys(item) as unknown as OperationRecord);
  }

  private bucketWrite(key: Record<string, string>, take: BucketTake): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: toItem({ ...key, ...take.after }),
        ConditionExpression: take.before ? 'updatedAtMs = :updated AND tokens = :tokens' : 'attribute_not_exists(pk)',
        ExpressionAttributeValues: take.before ? toItem({ ':updated': take.before.updatedAtMs, ':tokens': take.before.tokens }) : undefined,
      },
    };
  }

  private async partition(pk: string): Promise<Map<string, Record<string, unknown>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': pk }),
      ConsistentRead: true,
    });
    return new Map(items.map((item) => [String(item.sk), stripKeys(item)]));
  }
}

/** A kill switch item Braid cannot make sense of counts as unreadable: the policy then fails closed. */
function killSwitchOf(item: Record<string, unknown> | undefined): KillSwitchState {
  if (!item || item.on === false) return { on: false };
  if (item.on !== true) return { unreadable: true, error: `the kill switch item has on = ${JSON.stringify(item.on)}, expected true or false` };
  return { on: true, by: String(item.by ?? 'unknown'), reason: String(item.reason ?? ''), atMs: Number(item.atMs ?? 0) };
}

/** The settings item's global rate limit, if it is one the token bucket can use. */
function settingsOf(item: Record<string, unknown> | undefined): RemediationSettings | undefined {
  const limit = item?.globalRateLimit as { capacity?: unknown; refillSeconds?: unknown } | undefined;
  const whole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 1;
  return limit && whole(limit.capacity) && whole(limit.refillSeconds)
    ? { globalRateLimit: { capacity: Number(limit.capacity), refillSeconds: Number(limit.refillSeconds) } }
    : undefined;
}

function bucketOf(item: Record<string, unknown> | undefined): BucketState | undefined {
  return item ? { tokens: Number(item.tokens), updatedAtMs: Number(item.updatedAtMs) } : undefined;
}
