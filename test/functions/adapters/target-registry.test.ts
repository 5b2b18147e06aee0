import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromItem } from '../../../functions/adapters/dynamodb-item.js';
import { TargetRegistry } from '../../../functions/adapters/target-registry.js';
import { withoutKeys } from '../../../functions/schema/braid-table-schema.js';
import { targetOf, type TargetRecord } from '../../../functions/schema/target-item.js';
import { RolloutStrategy } from '../../../infra/rollout-strategy.js';
import { RolloutTarget } from '../../../infra/rollout-target.js';
import { fixture, registration } from '../../infra/target-fixture.js';
import { tableFixture, type TableFixture } from './table-fixture.js';

let table: TableFixture;
let registry: TargetRegistry;

beforeAll(async () => {
  table = await tableFixture('target-registry');
  registry = new TargetRegistry(table.client, table.tableName);
});
afterAll(() => table.close());

/** The registry item a RolloutTarget with every kind of prop writes at deploy time. */
function deployedItem(): Record<string, any> {
  const { stack, braid, alias, alarm } = fixture();
  const post = lambda.Function.fromFunctionArn(stack, 'Post', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-synthetic');
  const runbookAlarm = cloudwatch.Alarm.fromAlarmName(stack, 'Latency', 'checkout-live-latency');
  new RolloutTarget(stack, 'Target', {
    braid,
    alias,
    gateAlarms: [alarm],
    strategy: RolloutStrategy.linear(25, Duration.minutes(2)),
    gatePolicy: { minInvocations: 50, checkIntervalSeconds: 30 },
    approvalPolicy: { timeoutSeconds: 600 },
    rollbackPolicy: { gradualSteps: 2 },
    canaryJudge: { confidence: 0.99 },
    postTrafficHook: post,
    remediation: { alarms: [runbookAlarm], action: 'throttle', reservedConcurrency: 5 },
  });
  return registration(stack).create.parameters.Item;
}

describe('TargetRegistry', () => {
  it('writes the same item as the deploy-time registration for the same target, and reads that target back', async () => {
    const item = deployedItem();
    const target: TargetRecord = targetOf(withoutKeys(fromItem(item)));
    table.take();
    await registry.put(target);
    expect(table.take()).toEqual([{ command: 'PutItemCommand', input: { TableName: table.tableName, Item: item } }]);
    expect(await registry.get('checkout:live')).toEqual(target);
    // The deploy records every gate policy field, the check interval during bakes included.
    expect(target.gatePolicy).toMatchObject({ minInvocations: 50, checkIntervalSeconds: 30 });
  });

  it('lists every registered target through the REGISTRY partition of the index', async () => {
    const other: TargetRecord = {
      targetName: 'cart:live',
      functionName: 'cart',
      aliasName: 'live',
      gateAlarmNames: [],
      steps: [{ weight: 100, bakeSeconds: 0 }],
    };
    await registry.put(other);
    table.take();
    expect((await registry.list()).map((target) => target.targetName).sort()).toEqual(['cart:live', 'checkout:live']);
    expect(table.take()).toEqual([
      {
        command: 'QueryCommand',
        input: {
          TableName: table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :registry',
          ExpressionAttributeValues: { ':registry': { S: 'REGISTRY' } },
          ExclusiveStartKey: undefined,
        },
      },
    ]);
    expect(await registry.get('nobody')).toBeUndefined();
  });
});
