import {
  EventBridgeClient,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../../local/contracts.js';
import { EventBridgeEmulator } from '../../../local/eventbridge/eventbridge-emulator.js';
import { startSandboxServer } from '../../../local/http/server.js';
import { VirtualClock } from '../../../local/virtual-clock.js';
import { startCloudWatchSandbox, type CloudWatchSandbox } from '../cloudwatch/cloudwatch-fixture.js';

let sandbox: CloudWatchSandbox;
beforeEach(async () => {
  sandbox = await startCloudWatchSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

const ORDERS_PATTERN = JSON.stringify({ source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } });

async function ordersRule(): Promise<void> {
  await sandbox.eb.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: ORDERS_PATTERN, Description: 'orders over 100' }));
  await sandbox.eb.send(
    new PutTargetsCommand({
      Rule: 'big-orders',
      Targets: [
        { Id: 'whole', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:whole' },
        { Id: 'path', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:path', InputPath: '$.detail' },
        { Id: 'fixed', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:fixed', Input: '{"kind":"fixed"}' },
      ],
    }),
  );
}

describe('rules and targets', () => {
  it('creates, describes, lists and deletes rules with their targets', async () => {
    await ordersRule();
    const described = await sandbox.eb.send(new DescribeRuleCommand({ Name: 'big-orders' }));
    expect(described).toMatchObject({
      Name: 'big-orders',
      Arn: 'arn:aws:events:us-east-1:000000000000:rule/big-orders',
      EventPattern: ORDERS_PATTERN,
      State: 'ENABLED',
      Description: 'orders over 100',
      EventBusName: 'default',
    });
    const listed = await sandbox.eb.send(new ListRulesCommand({ NamePrefix: 'big' }));
    expect(listed.Rules!.map((rule) => rule.Name)).toEqual(['big-orders']);
    const targets = await sandbox.eb.send(new ListTargetsByRuleCommand({ Rule: 'big-orders' }));
    expect(targets.Targets!.map((target) => target.Id)).toEqual(['whole', 'path', 'fixed']);

    await expect(sandbox.eb.send(new DeleteRuleCommand({ Name: 'big-orders' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await sandbox.eb.send(new RemoveTargetsCommand({ Rule: 'big-orders', Ids: ['whole', 'path', 'fixed'] }));
    await sandbox.eb.send(new DeleteRuleCommand({ Name: 'big-orders' }));
    await expect(sandbox.eb.send(new DescribeRuleCommand({ Name: 'big-orders' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sandbox.journal.entries().map((e) => `${e.service}:${e.action}`)).toEqual([
      'events:PutRule',
      'events:PutTargets',
      'events:RemoveTargets',
      'events:DeleteRule',
    ]);
  });

  it('rejects malformed patterns with InvalidEventPatternException', async () => {
    await expect(sandbox.eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"aws.ec2"}' }))).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: expect.stringContaining('source'),
    });
    await expect(sandbox.eb.send(new ListTargetsByRuleCommand({ Rule: 'bad' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses targets with both Input and InputPath, and targets of unknown rules', async () => {
    await ordersRule();
    const target = { Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q', Input: '{}', InputPath: '$.detail' };
    await expect(sandbox.eb.send(new PutTargetsCommand({ Rule: 'big-orders', Targets: [target] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(sandbox.eb.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 't', Arn: target.Arn }] }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('PutEvents', () => {
  it('delivers matching events to every target with the whole event, an InputPath or a fixed Input', async () => {
    await ordersRule();
    const out = await sandbox.eb.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 250 }), Resources: ['order/1'] },
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 5 }) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries!.every((entry) => /^[0-9a-f-]{36}$/.test(entry.EventId ?? ''))).toBe(true);
    expect(new Set(out.Entries!.map((entry) => entry.EventId)).size).toBe(2);

    expect(sandbox.deliveries.map((d) => d.targetArn.split(':').pop())).toEqual(['whole', 'path', 'fixed']);
    const [whole, path, fixed] = sandbox.deliveries;
    expect(JSON.parse(whole!.input)).toEqual({
      version: '0',
      id: out.Entries![0]!.EventId,
      'detail-type': 'Order Placed',
      source: 'shop.orders',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: ['order/1'],
      detail: { total: 250 },
    });
    expect(JSON.parse(path!.input)).toEqual({ total: 250 });
    expect(fixed!.input).toBe('{"kind":"fixed"}');
    expect(sandbox.journal.entries().filter((e) => e.action === 'Deliver')).toHaveLength(3);
  });

  it('rejects aws.* sources and malformed entries one by one', async () => {
    await sandbox.eb.send(new PutRuleCommand({ Name: 'all-alarms', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'] }) }));
    await sandbox.eb.send(new PutTargetsCommand({ Rule: 'all-alarms', Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }));
    const out = await sandbox.eb.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'aws.cloudwatch', DetailType: 'CloudWatch Alarm State Change', Detail: '{}' },
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: 'not json' },
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: '{}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries![0]).toMatchObject({ ErrorCode: 'NotAuthorizedForSourceException' });
    expect(out.Entries![1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(out.Entries![2]!.EventId).toBeDefined();
    expect(sandbox.deliveries).toHaveLength(0);
  });

  it('does not deliver through disabled rules', async () => {
    await ordersRule();
    await sandbox.eb.send(new DisableRuleCommand({ Name: 'big-orders' }));
    await sandbox.eb.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Order Placed', Detail: '{"total":900}' }] }));
    expect(sandbox.deliveries).toHaveLength(0);
  });

  it('records a failing delivery and keeps delivering to the other targets', async () => {
    await sandbox.close();
    sandbox = await startCloudWatchSandbox(['arn:aws:lambda:us-east-1:000000000000:function:whole']);
    await ordersRule();
    await sandbox.eb.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Order Placed', Detail: '{"total":900}' }] }));
    const outcomes = sandbox.journal
      .entries()
      .filter((e) => e.action === 'Deliver' || e.action === 'DeliveryFailed')
      .map((e) => [e.action, e.detail.targetId]);
    expect(outcomes).toEqual([
      ['DeliveryFailed', 'whole'],
      ['Deliver', 'path'],
      ['Deliver', 'fixed'],
    ]);
  });
});

describe('emit', () => {
  it('holds virtual time from the moment an event is put until every target has it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const deliveredAt: number[] = [];
    const eventbridge = new EventBridgeEmulator({
      clock,
      journal: new MemoryJournal(clock),
      deliver: async () => {
        // A slow target: real milliseconds, none of virtual time.
        await new Promise((resolve) => setTimeout(resolve, 100));
        deliveredAt.push(clock.nowMs());
      },
    });
    const server = await startSandboxServer([eventbridge]);
    const client = new EventBridgeClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    try {
      await client.send(new PutRuleCommand({ Name: 'orders', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }));
      const targets = ['a', 'b'].map((id) => ({ Id: id, Arn: `arn:aws:lambda:us-east-1:000000000000:function:${id}` }));
      await client.send(new PutTargetsCommand({ Rule: 'orders', Targets: targets }));
      const startMs = clock.nowMs();
      const put = client.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: '{}' }] }));
      while (deliveredAt.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const sleeper = clock.sleep(60_000);
      await put;
      await sleeper;
      expect(deliveredAt).toEqual([startMs, startMs]);
      expect(clock.nowMs()).toBe(startMs + 60_000);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('accepts aws.* sources from emulated services', async () => {
    await sandbox.eb.send(new PutRuleCommand({ Name: 'alarms', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'] }) }));
    await sandbox.eb.send(
      new PutTargetsCommand({ Rule: 'alarms', Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q', InputPath: '$.resources[0]' }] }),
    );
    await sandbox.eventbridge.emit({
      version: '0',
      id: 'e1',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:cloudwatch:us-east-1:000000000000:alarm:a'],
      detail: {},
    });
    expect(sandbox.deliveries.map((d) => d.input)).toEqual(['"arn:aws:cloudwatch:us-east-1:000000000000:alarm:a"']);
  });
});

describe('TestEventPattern', () => {
  const event = {
    id: '1',
    account: '000000000000',
    source: 'shop.orders',
    time: '2024-01-01T00:00:00Z',
    region: 'us-east-1',
    'detail-type': 'x',
    detail: { total: 101 },
  };
  it('answers whether an event matches', async () => {
    const yes = await sandbox.eb.send(new TestEventPatternCommand({ EventPattern: ORDERS_PATTERN, Event: JSON.stringify(event) }));
    const no = await sandbox.eb.send(
      new TestEventPatternCommand({ EventPattern: ORDERS_PATTERN, Event: JSON.stringify({ ...event, detail: { total: 100 } }) }),
    );
    expect([yes.Result, no.Result]).toEqual([true, false]);
  });

  it('rejects an event without its envelope', async () => {
    await expect(sandbox.eb.send(new TestEventPatternCommand({ EventPattern: ORDERS_PATTERN, Event: JSON.stringify({ detail: {} }) }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
