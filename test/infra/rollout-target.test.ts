import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../functions/core/errors.js';
import { RolloutStrategy } from '../../infra/rollout-strategy.js';
import { RolloutTarget } from '../../infra/rollout-target.js';
import { fixture, policyStatements, registration, sdkCall, TARGET_FUNCTION_ARN as FUNCTION_ARN } from './target-fixture.js';

describe('RolloutTarget', () => {
  it('puts the target item in the registry on create and update', () => {
    const { stack, braid, alias, alarm } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias, gateAlarms: [alarm], strategy: RolloutStrategy.canary(20, Duration.minutes(10)) });
    const table = `<${stack.getLogicalId(braid.table.node.defaultChild as never)}>`;
    const { create, update } = registration(stack);
    expect(create).toEqual({
      service: 'DynamoDB',
      action: 'PutItem',
      parameters: {
        TableName: table,
        Item: {
          pk: { S: 'TARGET#checkout:live' },
          sk: { S: 'TARGET' },
          gsi1pk: { S: 'REGISTRY' },
          gsi1sk: { S: 'checkout:live' },
          targetName: { S: 'checkout:live' },
          functionName: { S: 'checkout' },
          aliasName: { S: 'live' },
          gateAlarmNames: { L: [{ S: 'checkout-live-errors' }] },
          steps: {
            L: [
              { M: { weight: { N: '20' }, bakeSeconds: { N: '600' }, approval: { BOOL: false } } },
              { M: { weight: { N: '100' }, bakeSeconds: { N: '0' }, approval: { BOOL: false } } },
            ],
          },
          gatePolicy: {
            M: {
              insufficientData: { S: 'inconclusive' },
              maxTelemetryAgeSeconds: { N: '180' },
              minInvocations: { N: '10' },
              maxInconclusive: { N: '3' },
              recheckSeconds: { N: '60' },
              onInconclusive: { S: 'pause' },
              checkIntervalSeconds: { N: '0' },
            },
          },
          rollbackPolicy: { M: { gradualSteps: { N: '0' }, stepSeconds: { N: '60' } } },
          approvalPolicy: { M: { timeoutSeconds: { N: '3600' }, onTimeout: { S: 'reject' } } },
        },
      },
      physicalResourceId: { id: 'TARGET#checkout:live' },
    });
    expect(update).toEqual(create);
  });

  it('records the canary judge as given, and refuses a bad one at synth time', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias, canaryJudge: { errorRateTolerance: 0.01, confidence: 0.99 } });
    expect(registration(stack).create.parameters.Item.canaryJudge).toEqual({ M: { errorRateTolerance: { N: '0.01' }, confidence: { N: '0.99' } } });
    expect(() => new RolloutTarget(stack, 'Bad', { braid, alias, targetName: 'other', canaryJudge: { confidence: 1.5 } })).toThrow(/confidence/);
  });

  it('records the traffic hooks by ARN with their timeout, and lets the state machine invoke exactly them', () => {
    const { stack, braid, alias } = fixture();
    const pre = lambda.Function.fromFunctionArn(stack, 'Pre', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-smoke');
    const post = lambda.Function.fromFunctionArn(stack, 'Post', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-synthetic');
    new RolloutTarget(stack, 'Target', { braid, alias, preTrafficHook: pre, postTrafficHook: post, hookTimeout: Duration.minutes(2) });
    expect(registration(stack).create.parameters.Item.hooks).toEqual({
      M: { preTraffic: { S: pre.functionArn }, postTraffic: { S: post.functionArn }, timeoutSeconds: { N: '120' } },
    });
    // CDK merges this grant into the statement that lets the machine invoke Braid's own tasks.
    const invocable = policyStatements(stack, /RolloutStateMachineRole/)
      .filter((s) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s) => [s.Resource].flat());
    expect(invocable).toEqual(expect.arrayContaining([pre.functionArn, post.functionArn]));
    expect(invocable.filter((arn) => typeof arn === 'string')).toEqual([pre.functionArn, post.functionArn]);
  });

  it('records one hook with the default timeout of 5 minutes, and no hooks at all when the target has none', () => {
    const { stack, braid, alias } = fixture();
    const post = lambda.Function.fromFunctionArn(stack, 'Post', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-synthetic');
    new RolloutTarget(stack, 'Target', { braid, alias, postTrafficHook: post });
    new RolloutTarget(stack, 'Plain', { braid, alias, targetName: 'plain' });
    const items = Object.values(Template.fromStack(stack).findResources('Custom::BraidRolloutTarget')).map(
      (resource) => sdkCall(stack, resource.Properties.Create).parameters.Item,
    );
    expect(items.map((item) => item.hooks)).toEqual([{ M: { postTraffic: { S: post.functionArn }, timeoutSeconds: { N: '300' } } }, undefined]);
  });

  it('rejects a hook timeout outside 1 s to 15 min, or one without a hook, with a clear error', () => {
    const { stack, braid, alias } = fixture();
    const pre = lambda.Function.fromFunctionArn(stack, 'Pre', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-smoke');
    expect(() => new RolloutTarget(stack, 'Long', { braid, alias, targetName: 'long', preTrafficHook: pre, hookTimeout: Duration.minutes(16) })).toThrow(
      new InvalidInputError('rollout target', [{ path: 'hookTimeout', message: 'must be a whole number of seconds from 1 to 900, got 960' }]),
    );
    expect(() => new RolloutTarget(stack, 'Orphan', { braid, alias, targetName: 'orphan', hookTimeout: Duration.minutes(1) })).toThrow(
      /hookTimeout: is set, but the target has neither preTrafficHook nor postTrafficHook/,
    );
  });

  it('deletes the target item when the target leaves the stack', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias });
    const table = `<${stack.getLogicalId(braid.table.node.defaultChild as never)}>`;
    expect(registration(stack).delete).toEqual({
      service: 'DynamoDB',
      action: 'DeleteItem',
      parameters: { TableName: table, Key: { pk: { S: 'TARGET#checkout:live' }, sk: { S: 'TARGET' } } },
    });
  });

  it('defaults to <functionName>:<aliasName>, no gate alarms and Canary10Percent5Minutes', () => {
    const { stack, braid, alias } = fixture();
    const target = new RolloutTarget(stack, 'Target', { braid, alias });
    expect(target.targetName).toBe('checkout:live');
    expect(target.gateAlarms).toEqual([]);
    expect(target.strategy.steps).toEqual(RolloutStrategy.preset('Canary10Percent5Minutes').steps);
    const item = registration(stack).create.parameters.Item;
    expect(item.gateAlarmNames).toEqual({ L: [] });
    // Without gate alarms the gate task still reads the new version's metrics, but no alarm.
    const cloudwatchActions = policyStatements(stack, /DecideRole/)
      .flatMap((s) => [s.Action].flat())
      .filter((action: string) => action.startsWith('cloudwatch:'));
    expect(cloudwatchActions).toEqual(['cloudwatch:GetMetricData']);
  });

  it('uses the given target name in the key', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias, targetName: 'checkout-prod' });
    const item = registration(stack).create.parameters.Item;
    expect(item.pk).toEqual({ S: 'TARGET#checkout-prod' });
    expect(item.gsi1sk).toEqual({ S: 'checkout-prod' });
  });

  it('lets only the registration write the table item, with PutItem and DeleteItem on the table', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias });
    // The provider role is shared by every AwsCustomResource of the stack; the registration's own policy is the one to read.
    const registrationPolicies = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter(([id]) =>
      /^TargetRegistrationCustomResourcePolicy/.test(id),
    );
    expect(registrationPolicies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [stack.getLogicalId(braid.table.node.defaultChild as never), 'Arn'] },
      },
    ]);
  });

  it('scopes UpdateAlias and GetAlias of the state machine to this function and alias', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias });
    const statements = policyStatements(stack, /RolloutStateMachineRole/).filter((s) => JSON.stringify(s.Action).includes('Alias'));
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['lambda:GetAlias', 'lambda:UpdateAlias'], Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:live`] }]);
  });

  it('lets only the preflight and restore tasks read the alias and versions, and only the gate task DescribeAlarms on the gate alarms', () => {
    const { stack, braid, alias, alarm } = fixture();
    new RolloutTarget(stack, 'Target', { braid, alias, gateAlarms: [alarm] });
    for (const role of [/SnapshotAliasRole/, /PlanRestoreRole/]) {
      expect(policyStatements(stack, role)).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: 'lambda:GetAlias', Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:live`] },
          { Effect: 'Allow', Action: 'lambda:GetFunctionConfiguration', Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:*`] },
        ]),
      );
    }
    const noLambda = policyStatements(stack, /(PrepareRollout|AcquireLease|Decide|FinishOperation)Role/);
    expect(noLambda.filter((s) => JSON.stringify(s.Action).includes('lambda:'))).toEqual([]);
    expect(policyStatements(stack, /DecideRole/)).toContainEqual({
      Effect: 'Allow',
      Action: 'cloudwatch:DescribeAlarms',
      Resource: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-live-errors',
    });
    const others = policyStatements(stack, /(PrepareRollout|AcquireLease|SnapshotAlias|RequestHold|HoldTimedOut|PlanRestore|FinishOperation)Role/);
    expect(others.filter((s) => JSON.stringify(s.Action).includes('cloudwatch'))).toEqual([]);
  });

  it('rejects a malformed target name with a clear error', () => {
    const { stack, braid, alias } = fixture();
    let attempt = 0;
    const declare = () => new RolloutTarget(stack, `Target${attempt++}`, { braid, alias, targetName: 'checkout live' });
    expect(declare).toThrow(InvalidInputError);
    expect(declare).toThrow('Invalid rollout target: targetName: must be 1 to 256 letters, digits or . _ : -, got "checkout live"');
  });

  it('rejects more gate alarms than one DescribeAlarms call can read', () => {
    const { stack, braid, alias } = fixture();
    const alarms = Array.from({ length: 101 }, (_, i) => cloudwatch.Alarm.fromAlarmName(stack, `A${i}`, `alarm-${i}`));
    expect(() => new RolloutTarget(stack, 'Target', { braid, alias, gateAlarms: alarms })).toThrow(
      'Invalid rollout target: gateAlarms: must hold at most 100 alarms, got 101; combine them in a composite alarm',
    );
  });

  it('rejects two targets with the same name in one Braid', () => {
    const { stack, braid, alias } = fixture();
    new RolloutTarget(stack, 'First', { braid, alias });
    expect(() => new RolloutTarget(stack, 'Second', { braid, alias })).toThrow(
      'Invalid rollout target: targetName: "checkout:live" is already declared in this Braid; give each RolloutTarget its own targetName',
    );
  });
});
