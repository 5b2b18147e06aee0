import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, expect, it } from 'vitest';
import { SANDBOX_ACCOUNT, SANDBOX_REGION } from '../../local/contracts.js';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../local/sandbox.js';
import { dynamodbEndpoint } from '../support/dynamodb-local.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

it('holds virtual time while a function an EventBridge rule invoked is running, even when someone sleeps meanwhile', async () => {
  sandbox = await startSandbox({ dynamodbEndpoint: await dynamodbEndpoint(), tableName: `braid-clock-${process.pid}` });
  const { clock } = sandbox;
  const seen: { startMs: number; endMs: number }[] = [];
  const slow = sandbox.lambda.createFunction({
    name: 'slow-consumer',
    handler: async () => {
      const startMs = clock.nowMs();
      // Real work (DynamoDB calls, for Braid's detector) takes real milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.push({ startMs, endMs: clock.nowMs() });
      return null;
    },
  });
  const events = new EventBridgeClient({ endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  await events.send(new PutRuleCommand({ Name: 'slow', EventPattern: JSON.stringify({ source: ['test.clock'] }), State: 'ENABLED' }));
  await events.send(new PutTargetsCommand({ Rule: 'slow', Targets: [{ Id: 'slow', Arn: slow.functionArn }] }));
  events.destroy();

  const delivered = sandbox.events.emit({
    version: '0',
    id: 'e1',
    'detail-type': 'tick',
    source: 'test.clock',
    account: SANDBOX_ACCOUNT,
    time: new Date(clock.nowMs()).toISOString(),
    region: SANDBOX_REGION,
    resources: [],
    detail: {},
  });
  // A sleeper that would carry the clock an hour ahead if nothing held it.
  const sleeper = clock.sleep(3_600_000);
  await delivered;
  await sleeper;

  expect(seen).toHaveLength(1);
  expect(seen[0]!.endMs).toBe(seen[0]!.startMs);
});
