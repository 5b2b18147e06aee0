import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  PublishCommand,
  SNSClient,
  paginateListTopics,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../../local/contracts.js';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import type { SandboxRequest } from '../../../local/http/service.js';
import { MAX_MESSAGE_BYTES, SnsEmulator } from '../../../local/sns/sns-emulator.js';
import { VirtualClock } from '../../../local/virtual-clock.js';

const T0 = Date.UTC(2026, 0, 1);
const MISSING_ARN = 'arn:aws:sns:us-east-1:000000000000:nobody-home';

let clock: VirtualClock;
let journal: MemoryJournal;
let sns: SnsEmulator;
let server: SandboxServer;
let client: SNSClient;

beforeEach(async () => {
  clock = new VirtualClock(T0);
  journal = new MemoryJournal(clock);
  let next = 0;
  sns = new SnsEmulator({ clock, journal, newMessageId: () => `message-${++next}` });
  server = await startSandboxServer([sns]);
  client = new SNSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
});
afterEach(async () => {
  client.destroy();
  await server.close();
});

/** Posts a raw Query form, for requests the SDK would not send. */
async function postForm(form: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.text() };
}

function request(headers: Record<string, string>, body: string): SandboxRequest {
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers, body: Buffer.from(body) };
}

describe('routing', () => {
  it('accepts Query forms of SNS API version 2010-03-31 only', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    expect(sns.accepts(request(form, 'Action=Publish&Version=2010-03-31&TopicArn=x'))).toBe(true);
    expect(sns.accepts(request(form, 'Action=Anything&Version=2010-03-31'))).toBe(true);
    // CloudWatch's and SQS's Query wires, and the JSON services, belong to other emulators.
    expect(sns.accepts(request(form, 'Action=PutMetricData&Version=2010-08-01'))).toBe(false);
    expect(sns.accepts(request(form, 'Action=SendMessage&Version=2012-11-05'))).toBe(false);
    expect(sns.accepts(request({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData' }, '{}'))).toBe(
      false,
    );
  });

  it('answers an unknown action with InvalidAction, listing what it implements', async () => {
    const { status, body } = await postForm({ Action: 'Subscribe', Version: '2010-03-31' });
    expect(status).toBe(400);
    expect(body).toMatch(/^<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    expect(body).toContain('Could not find operation Subscribe for version 2010-03-31');
    expect(body).toContain('CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, Publish');
  });
});

describe('topics', () => {
  it('creates topics idempotently by name, lists, describes and deletes them', async () => {
    expect((await client.send(new ListTopicsCommand({}))).Topics).toEqual([]);
    const created = await client.send(new CreateTopicCommand({ Name: 'braid-alerts', Attributes: { DisplayName: 'Braid & co' } }));
    expect(created.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:braid-alerts');
    const again = await client.send(new CreateTopicCommand({ Name: 'braid-alerts', Attributes: { DisplayName: 'Braid & co' } }));
    expect(again.TopicArn).toBe(created.TopicArn);
    expect(sns.createTopic('braid-approvals')).toBe('arn:aws:sns:us-east-1:000000000000:braid-approvals');

    const listed = await client.send(new ListTopicsCommand({}));
    expect(listed.Topics).toEqual([{ TopicArn: created.TopicArn }, { TopicArn: 'arn:aws:sns:us-east-1:000000000000:braid-approvals' }]);
    expect(listed.NextToken).toBeUndefined();

    const attributes = await client.send(new GetTopicAttributesCommand({ TopicArn: created.TopicArn }));
    expect(attributes.Attributes).toMatchObject({ TopicArn: created.TopicArn, Owner: '000000000000', DisplayName: 'Braid & co', SubscriptionsConfirmed: '0' });

    await client.send(new DeleteTopicCommand({ TopicArn: created.TopicArn }));
    // Deleting a missing topic succeeds, as on AWS.
    await client.send(new DeleteTopicCommand({ TopicArn: created.TopicArn }));
    await expect(client.send(new GetTopicAttributesCommand({ TopicArn: created.TopicArn }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
    });
    expect(journal.entries().map((entry) => `${entry.service}:${entry.action}`)).toEqual(['sns:CreateTopic', 'sns:CreateTopic', 'sns:DeleteTopic']);
  });

  it('refuses invalid names, and a second CreateTopic with different attributes', async () => {
    await expect(client.send(new CreateTopicCommand({ Name: 'no spaces' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Topic Name',
    });
    await client.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'one' } }));
    await expect(client.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'two' } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('different attributes'),
    });
    await expect(client.send(new CreateTopicCommand({ Name: 'orders', Attributes: { FifoTopic: 'true' } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('FIFO'),
    });
  });

  it('pages ListTopics by 100 with NextToken', async () => {
    for (let index = 0; index < 150; index++) sns.createTopic(`topic-${index}`);
    const first = await client.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const arns: string[] = [];
    for await (const page of paginateListTopics({ client }, {})) arns.push(...(page.Topics ?? []).map((topic) => topic.TopicArn ?? ''));
    expect(arns).toHaveLength(150);
    expect(new Set(arns).size).toBe(150);
    await expect(client.send(new ListTopicsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('Publish', () => {
  let topicArn: string;
  beforeEach(() => {
    topicArn = sns.createTopic('braid-alerts');
  });

  it('publishes with subject and attributes, keeps the message and journals it', async () => {
    await clock.sleep(90_000);
    const result = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Rollback of checkout:live',
        Message: 'Alarm <checkout-errors> & friends fired\r\nrolled back to 41',
        MessageAttributes: {
          target: { DataType: 'String', StringValue: 'checkout:live' },
          weight: { DataType: 'Number', StringValue: '0.25' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    expect(result.MessageId).toBe('message-1');
    expect(result.$metadata.httpStatusCode).toBe(200);
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'second' }));

    expect(sns.published(topicArn)).toEqual([
      {
        messageId: 'message-1',
        topicArn,
        subject: 'Rollback of checkout:live',
        message: 'Alarm <checkout-errors> & friends fired\r\nrolled back to 41',
        atMs: T0 + 90_000,
        attributes: {
          target: { dataType: 'String', value: 'checkout:live' },
          weight: { dataType: 'Number', value: '0.25' },
          blob: { dataType: 'Binary', value: 'AQID' },
        },
      },
      { messageId: 'message-2', topicArn, message: 'second', atMs: T0 + 90_000, attributes: {} },
    ]);
    expect(sns.published('arn:aws:sns:us-east-1:000000000000:other')).toEqual([]);
    expect(journal.entries().map((entry) => [entry.service, entry.action, entry.detail])).toEqual([
      ['sns', 'CreateTopic', { topicArn, attributes: {} }],
      [
        'sns',
        'Publish',
        { topicArn, subject: 'Rollback of checkout:live', message: 'Alarm <checkout-errors> & friends fired\r\nrolled back to 41', messageId: 'message-1' },
      ],
      ['sns', 'Publish', { topicArn, subject: undefined, message: 'second', messageId: 'message-2' }],
    ]);
  });

  it('fails with NotFound (404) for a topic that does not exist', async () => {
    const error = await client.send(new PublishCommand({ TopicArn: MISSING_ARN, Message: 'hello' })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist', Code: 'NotFound', $metadata: { httpStatusCode: 404 } });
    expect(sns.published()).toEqual([]);
    await expect(client.send(new PublishCommand({ TopicArn: 'not-an-arn', Message: 'hello' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: TopicArn',
    });
  });

  it.each([
    ['empty', ''],
    ['100 characters', 'x'.repeat(100)],
    ['a line break', 'line\nbreak'],
    ['a control character', 'tab\there'],
    ['non-ASCII text', 'Rollback réussi'],
    ['a leading space', ' leading'],
  ])('refuses a subject with %s as InvalidParameter', async (_case, subject) => {
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: 'hello' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sns.published()).toEqual([]);
  });

  it('accepts a 99-character subject with punctuation and spaces', async () => {
    const subject = `[ALARM] ${'y'.repeat(91)}`;
    await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: 'hello' }));
    expect(sns.published()[0]?.subject).toBe(subject);
  });

  it('limits message plus attributes to 256 KiB, counted in UTF-8 bytes', async () => {
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'a'.repeat(MAX_MESSAGE_BYTES) }));
    const tooLong = { name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' };
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Message: 'a'.repeat(MAX_MESSAGE_BYTES + 1) }))).rejects.toMatchObject(tooLong);
    // 'é' is two bytes: half as many characters already reach the limit.
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Message: 'é'.repeat(MAX_MESSAGE_BYTES / 2 + 1) }))).rejects.toMatchObject(tooLong);
    // Attribute name (1), type (6) and value (1) count too.
    const attributes = { k: { DataType: 'String', StringValue: 'v' } };
    await expect(
      client.send(new PublishCommand({ TopicArn: topicArn, Message: 'a'.repeat(MAX_MESSAGE_BYTES - 7), MessageAttributes: attributes })),
    ).rejects.toMatchObject(tooLong);
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'a'.repeat(MAX_MESSAGE_BYTES - 8), MessageAttributes: attributes }));
    expect(sns.published()).toHaveLength(2);
  });

  it('refuses empty messages and invalid attributes', async () => {
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Message: '' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Empty message',
    });
    const publish = (MessageAttributes: PublishCommand['input']['MessageAttributes']) =>
      client.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello', MessageAttributes }));
    await expect(publish({ n: { DataType: 'Number', StringValue: 'twelve' } })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: "Could not cast message attribute 'n' value to number.",
    });
    await expect(publish({ n: { DataType: 'Date', StringValue: '2026-01-01' } })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('Binary, Number, and String'),
    });
    await expect(publish({ n: { DataType: 'String', StringValue: '' } })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('non-empty message attribute value'),
    });
    await expect(publish({ 'AWS.trace': { DataType: 'String', StringValue: 'x' } })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining("reserved prefix 'AWS.'"),
    });
    await expect(publish({ 'a..b': { DataType: 'String', StringValue: 'x' } })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    expect(sns.published()).toEqual([]);
    await publish({ n: { DataType: 'Number.float', StringValue: '-1.5e3' } });
    expect(sns.published()[0]?.attributes).toEqual({ n: { dataType: 'Number.float', value: '-1.5e3' } });
  });

  it('checks MessageStructure=json bodies for a default entry', async () => {
    const publish = (Message: string) => client.send(new PublishCommand({ TopicArn: topicArn, Message, MessageStructure: 'json' }));
    await expect(publish('{"email":"x"}')).rejects.toMatchObject({ message: 'Invalid parameter: Message Structure - No default entry in JSON message body' });
    await expect(publish('{not json')).rejects.toMatchObject({ message: 'Invalid parameter: Message Structure - JSON message body failed to parse' });
    await publish('{"default":"x"}');
    expect(sns.published()).toHaveLength(1);
  });

  it('answers a Publish without Message as ValidationError and one without TopicArn as InvalidParameter', async () => {
    const noMessage = await postForm({ Action: 'Publish', Version: '2010-03-31', TopicArn: topicArn });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body).toContain('<Code>ValidationError</Code>');
    await expect(client.send(new PublishCommand({ Message: 'hello' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    });
    await expect(client.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'hello' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('topics only'),
    });
  });
});
