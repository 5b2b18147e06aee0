import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LeaseTable } from '../../../functions/adapters/lease-table.js';
import { OperationTable } from '../../../functions/adapters/operation-table.js';
import { AUDIT_KINDS, type AuditKind, type AuditRecord } from '../../../functions/core/audit.js';
import { braidTableDefinition } from '../../../functions/schema/braid-table-schema.js';
import type { RolloutOperation } from '../../../functions/schema/operation-item.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

/** One request the client sent: the command's name and its input, as the SDK received them. */
export interface SentRequest {
  readonly command: string;
  readonly input: Record<string, any>;
}

/** A table of its own on the test run's DynamoDB Local, and a real client that records every request it sends there. */
export interface TableFixture {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Every request sent since the last `take()`, oldest first; taking clears them. */
  take(): SentRequest[];
  /** The one request sent since the last `take()`; fails if there were more or none. */
  takeOne(): SentRequest;
  close(): void;
}

let tables = 0;

/** Creates a fresh Braid table on DynamoDB Local, named after `name`. */
export async function tableFixture(name: string): Promise<TableFixture> {
  const client = new DynamoDBClient({ endpoint: await dynamodbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  tables += 1;
  const tableName = `${name}-${process.pid}-${tables}`;
  await client.send(new CreateTableCommand(braidTableDefinition(tableName)));
  let sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: context.commandName as string, input: structuredClone(args.input) as Record<string, any> });
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return {
    client,
    tableName,
    take: () => {
      const taken = sent;
      sent = [];
      return taken;
    },
    takeOne: () => {
      const [only, ...others] = sent;
      sent = [];
      if (!only || others.length > 0) throw new Error(`expected one request, got ${others.length + (only ? 1 : 0)}`);
      return only;
    },
    close: () => client.destroy(),
  };
}

let audits = 0;

/** An audit record with a fresh id (ids sort in the order they were made). */
export function audit(operationId: string, kind: AuditKind, targetName = 't', detail: Record<string, unknown> = {}): AuditRecord {
  audits += 1;
  return { auditId: `A${String(audits).padStart(6, '0')}`, kind, operationId, targetName, atMs: audits, actor: 'test', detail };
}

/** A pending rollout of version 2 on target `t`, as PrepareRollout records it, with `changes`. */
export function rolloutRecord(operationId: string, changes: Partial<RolloutOperation> = {}): RolloutOperation {
  return { operationId, kind: 'rollout', targetName: 't', newVersion: '2', status: 'pending', planSteps: 2, createdAtMs: 0, updatedAtMs: 0, ...changes };
}

/** Records a rollout and lets it take its target's free lease at `epoch`, as PrepareRollout and AcquireLease do. */
export async function leasedRollout(table: TableFixture, operationId: string, epoch: number, targetName = 't'): Promise<void> {
  await new OperationTable(table.client, table.tableName).create(
    rolloutRecord(operationId, { targetName }),
    audit(operationId, AUDIT_KINDS.operationCreated, targetName),
  );
  await new LeaseTable(table.client, table.tableName).acquire({
    targetName,
    operationId,
    epoch,
    expected: undefined,
    acquiredAtMs: 0,
    expiresAtMs: 1e12,
    audit: audit(operationId, AUDIT_KINDS.leaseAcquired, targetName),
  });
}
