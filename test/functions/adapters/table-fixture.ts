import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { AuditKind, AuditRecord } from '../../../functions/core/audit.js';
import { braidTableDefinition } from '../../../functions/schema/braid-table-schema.js';

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
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
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
