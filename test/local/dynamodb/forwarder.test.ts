import { randomUUID } from 'node:crypto';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../../local/contracts.js';
import { DynamoDbForwarder } from '../../../local/dynamodb/forwarder.js';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import type { SandboxRequest } from '../../../local/http/service.js';
import { dynamodbEndpoint as workerDynamoDbEndpoint } from '../../support/dynamodb-local.js';

const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
const table = `forwarder-${randomUUID()}`;

let dynamodbEndpoint: string;
let journal: MemoryJournal;
let server: SandboxServer;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamodbEndpoint = await workerDynamoDbEndpoint();
  const direct = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: 'us-east-1', credentials });
  await direct.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  direct.destroy();
});

beforeEach(async () => {
  journal = new MemoryJournal({ nowMs: () => 1_000 });
  server = await startSandboxServer([new DynamoDbForwarder({ targetEndpoint: dynamodbEndpoint, journal })]);
  client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

/** A partition of its own per test, so tests sharing the table never see each other's items. */
function partition(): string {
  return `p-${randomUUID()}`;
}

function key(pk: string, sk: string) {
  return { pk: { S: pk }, sk: { S: sk } };
}

describe('DynamoDbForwarder', () => {
  it('passes a failed conditional PutItem through as ConditionalCheckFailedException with the old item', async () => {
    const pk = partition();
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key(pk, 'lease'), epoch: { N: '1' } } }));

    const failure = await client
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key(pk, 'lease'), epoch: { N: '2' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failure as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
    expect((failure as ConditionalCheckFailedException).Item).toEqual({ ...key(pk, 'lease'), epoch: { N: '1' } });
    const stored = await client.send(new GetItemCommand({ TableName: table, Key: key(pk, 'lease'), ConsistentRead: true }));
    expect(stored.Item?.epoch).toEqual({ N: '1' });
  });

  it('passes a cancelled TransactWriteItems through with one CancellationReason per action, in order', async () => {
    const pk = partition();
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key(pk, 'lease'), epoch: { N: '5' } } }));

    const failure = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { ...key(pk, 'event#1'), kind: { S: 'audit' } } } },
            {
              Update: {
                TableName: table,
                Key: key(pk, 'lease'),
                UpdateExpression: 'SET epoch = :next',
                ConditionExpression: 'epoch = :expected',
                ExpressionAttributeValues: { ':next': { N: '4' }, ':expected': { N: '3' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { ConditionCheck: { TableName: table, Key: key(pk, 'lease'), ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransactionCanceledException);
    const reasons = (failure as TransactionCanceledException).CancellationReasons ?? [];
    expect(reasons.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(reasons[1]?.Item?.epoch).toEqual({ N: '5' });
    const audit = await client.send(new GetItemCommand({ TableName: table, Key: key(pk, 'event#1'), ConsistentRead: true }));
    expect(audit.Item).toBeUndefined();
  });

  it('journals successful writes in the order they were answered, and no reads, schema calls or failed writes', async () => {
    const pk = partition();
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key(pk, 'a'), n: { N: '1' } } }));
    await client.send(new GetItemCommand({ TableName: table, Key: key(pk, 'a') }));
    await client.send(
      new UpdateItemCommand({ TableName: table, Key: key(pk, 'a'), UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } }),
    );
    await client
      .send(new PutItemCommand({ TableName: table, Item: key(pk, 'a'), ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((error: unknown) => expect(error).toBeInstanceOf(ConditionalCheckFailedException));
    await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } }));
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: [{ PutRequest: { Item: key(pk, 'b') } }, { DeleteRequest: { Key: key(pk, 'a') } }] },
      }),
    );
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: key(pk, 'c') } }] }));
    await client.send(new DeleteItemCommand({ TableName: table, Key: key(pk, 'c') }));
    await client.send(new ScanCommand({ TableName: table, Limit: 1 }));

    const entries = journal.entries();
    expect(entries.map((entry) => [entry.seq, entry.service, entry.action])).toEqual([
      [1, 'dynamodb', 'PutItem'],
      [2, 'dynamodb', 'UpdateItem'],
      [3, 'dynamodb', 'BatchWriteItem'],
      [4, 'dynamodb', 'TransactWriteItems'],
      [5, 'dynamodb', 'DeleteItem'],
    ]);
    expect(entries[0]?.atMs).toBe(1_000);
    expect(entries[0]?.detail).toEqual({ request: { TableName: table, Item: { ...key(pk, 'a'), n: { N: '1' } } } });
    expect(entries[4]?.detail).toEqual({ request: { TableName: table, Key: key(pk, 'c') } });
  });

  it("returns DynamoDB Local's status, body and checksum header unchanged", async () => {
    const body = JSON.stringify({ TableName: `missing-${randomUUID()}`, Key: key('x', 'y') });
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
    const direct = await fetch(dynamodbEndpoint, { method: 'POST', headers, body });
    const forwarded = await fetch(server.endpoint, { method: 'POST', headers, body });

    expect(forwarded.status).toBe(400);
    expect(forwarded.status).toBe(direct.status);
    expect(await forwarded.text()).toBe(await direct.text());
    expect(forwarded.headers.get('x-amz-crc32')).toBe(direct.headers.get('x-amz-crc32'));
    expect(forwarded.headers.get('content-type')).toBe(direct.headers.get('content-type'));
  });

  it('accepts only requests of the DynamoDB JSON protocol', () => {
    const forwarder = new DynamoDbForwarder({ targetEndpoint: dynamodbEndpoint, journal });
    const request = (target?: string): SandboxRequest => ({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      headers: target === undefined ? {} : { 'x-amz-target': target },
      body: Buffer.alloc(0),
    });
    expect(forwarder.accepts(request('DynamoDB_20120810.PutItem'))).toBe(true);
    expect(forwarder.accepts(request('DynamoDBStreams_20120810.GetRecords'))).toBe(false);
    expect(forwarder.accepts(request('AWSStepFunctions.StartExecution'))).toBe(false);
    expect(forwarder.accepts(request())).toBe(false);
  });

  it('answers 503 ServiceUnavailable, journaling nothing, when DynamoDB Local does not answer', async () => {
    const closed = await startSandboxServer([]);
    await closed.close();
    const unreachable = await startSandboxServer([new DynamoDbForwarder({ targetEndpoint: closed.endpoint, journal })]);
    const unreachableClient = new DynamoDBClient({ endpoint: unreachable.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      const failure = (await unreachableClient
        .send(new PutItemCommand({ TableName: table, Item: key(partition(), 'a') }))
        .catch((error: unknown) => error)) as { name: string; message: string; $metadata: { httpStatusCode?: number } };
      expect(failure.name).toBe('ServiceUnavailable');
      expect(failure.$metadata.httpStatusCode).toBe(503);
      expect(failure.message).toContain(closed.endpoint);
      expect(journal.entries()).toEqual([]);
    } finally {
      unreachableClient.destroy();
      await unreachable.close();
    }
  });
});
