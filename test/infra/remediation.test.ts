import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../functions/core/errors.js';
import { REMEDIATION_EVENT_PATTERN } from '../../functions/remediation/remediation-event-pattern.js';
import { Braid } from '../../infra/braid.js';
import { BraidExampleStack } from '../../infra/example-stack.js';
import { STATE_MACHINES_DIR } from '../../infra/private/paths.js';
import { REMEDIATION_TASKS } from '../../infra/private/remediation-tasks.js';
import { RolloutTarget, type RemediationProps } from '../../infra/rollout-target.js';
import { fixture, logicalIdOf, policyStatements, registration, TARGET_FUNCTION_ARN as FUNCTION_ARN } from './target-fixture.js';
import { testApp } from './test-app.js';

const RUNBOOK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:checkout-runbook';
const ALARM_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:';
const REMEDIATION_TASK_IDS = Object.values(REMEDIATION_TASKS).map((task) => task.id);

function remediationMachine(template: Template, stack: Stack, braid: Braid): Record<string, any> {
  return template.findResources('AWS::StepFunctions::StateMachine')[logicalIdOf(stack, braid, 'Remediation/StateMachine')]!;
}

/** The statements that let the remediation state machine invoke functions, resources flattened. */
function invocableByRemediation(stack: Stack): unknown[] {
  return policyStatements(stack, /RemediationStateMachineRole/)
    .filter((statement) => statement.Action === 'lambda:InvokeFunction')
    .flatMap((statement) => [statement.Resource].flat());
}

describe('Braid remediation', () => {
  let stack: Stack;
  let braid: Braid;
  let template: Template;
  beforeAll(() => {
    ({ stack, braid } = fixture());
    template = Template.fromStack(stack);
  });

  it('creates a Standard remediation state machine with full logging without execution data, and X-Ray tracing', () => {
    expect(remediationMachine(template, stack, braid).Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'Remediation/Logs'), 'Arn'] } } }],
      },
    });
  });

  it('inlines every placeholder of remediation.asl.json: each task function ARN and the escalation topic', () => {
    const raw = readFileSync(join(STATE_MACHINES_DIR, 'remediation.asl.json'), 'utf8');
    expect(raw).toContain('${EscalationTopicArn}');
    const definition = JSON.stringify(remediationMachine(template, stack, braid).Properties.DefinitionString);
    expect(definition).not.toContain('${');
    for (const id of REMEDIATION_TASK_IDS) {
      expect(definition).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack, braid, `Remediation/${id}`), 'Arn'] }));
    }
    expect(definition).toContain(JSON.stringify({ Ref: logicalIdOf(stack, braid, 'EscalationTopic') }));
  });

  it('lets the remediation state machine invoke exactly its task functions, unqualified, when no target has a runbook function', () => {
    const arns = REMEDIATION_TASK_IDS.map((id) => ({ 'Fn::GetAtt': [logicalIdOf(stack, braid, `Remediation/${id}`), 'Arn'] }));
    const invocable = invocableByRemediation(stack);
    expect(invocable).toHaveLength(REMEDIATION_TASK_IDS.length);
    expect(invocable).toEqual(expect.arrayContaining(arns));
  });

  it('gives each remediation task its own function with the Braid environment and read/write on the table', () => {
    const table = { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'Table'), 'Arn'] };
    for (const id of REMEDIATION_TASK_IDS) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^Braid${id}Role`), 'Arn'] },
        Environment: { Variables: { BRAID_TABLE_NAME: { Ref: logicalIdOf(stack, braid, 'Table') } } },
      });
      expect(policyStatements(stack, new RegExp(`"Braid${id}Role`))).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']),
          Resource: [table, { 'Fn::Join': ['', [table, '/index/gsi1']] }],
        }),
      );
    }
  });

  it('creates an escalation topic that refuses non-TLS publishing, and lets the remediation state machine publish to it', () => {
    const topic = { Ref: logicalIdOf(stack, braid, 'EscalationTopic') };
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    expect(policyStatements(stack, /RemediationStateMachineRole/)).toContainEqual({ Effect: 'Allow', Action: 'sns:Publish', Resource: topic });
    expect(stack.resolve(braid.escalationTopic.topicArn)).toEqual(topic);
  });

  it('uses a topic brought with escalationTopic instead of creating one', () => {
    const { stack: s, braid: b } = fixture({
      escalationTopic: sns.Topic.fromTopicArn(new Stack(), 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops-pager'),
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    expect(JSON.stringify(remediationMachine(t, s, b).Properties.DefinitionString)).toMatch(
      /\\"TopicArn\\": \\"arn:aws:sns:us-east-1:123456789012:ops-pager\\"/,
    );
    expect(policyStatements(s, /RemediationStateMachineRole/)).toContainEqual({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: 'arn:aws:sns:us-east-1:123456789012:ops-pager',
    });
  });

  it('wakes the detector on every alarm entering ALARM, with 2 retries and a TLS-only, encrypted dead-letter queue', () => {
    const queue = logicalIdOf(stack, braid, 'RemediationIntake/DeadLetters');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: REMEDIATION_EVENT_PATTERN,
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'RemediationIntake/DetectIncident'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('gives the detector the remediation machine ARN', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BraidDetectIncidentRole'), 'Arn'] },
      Environment: {
        Variables: {
          BRAID_TABLE_NAME: { Ref: logicalIdOf(stack, braid, 'Table') },
          BRAID_REMEDIATION_STATE_MACHINE_ARN: { Ref: logicalIdOf(stack, braid, 'Remediation/StateMachine') },
        },
      },
    });
    expect(policyStatements(stack, /DetectIncidentRole/)).toContainEqual({
      Effect: 'Allow',
      Action: 'states:StartExecution',
      Resource: { Ref: logicalIdOf(stack, braid, 'Remediation/StateMachine') },
    });
  });

  it('records the global repair limit in the table, where the detector and `braid repair` read it: 10 repairs, one back every 6 minutes by default', () => {
    // The custom resource's SDK calls are JSON inside a Fn::Join; read them without the escaping.
    const settingsCall = (s: Stack, when: 'Create' | 'Update' | 'Delete') =>
      JSON.stringify(Object.values(Template.fromStack(s).findResources('Custom::BraidRemediationSettings'))[0]?.Properties[when]).replaceAll('\\', '');
    expect(settingsCall(stack, 'Create')).toContain('"sk":{"S":"SETTINGS"}');
    expect(settingsCall(stack, 'Create')).toContain('"globalRateLimit":{"M":{"capacity":{"N":"10"},"refillSeconds":{"N":"360"}}}');
    expect(settingsCall(stack, 'Delete')).toContain('"action":"DeleteItem"');
    const { stack: s } = fixture({ globalRepairBurst: 25, globalRepairRefill: Duration.minutes(2) });
    expect(settingsCall(s, 'Update')).toContain('"globalRateLimit":{"M":{"capacity":{"N":"25"},"refillSeconds":{"N":"120"}}}');
  });

  it('rejects a global repair limit outside 1 to 1000 repairs or under 1 second, listing every problem', () => {
    expect(() => fixture({ globalRepairBurst: 0, globalRepairRefill: Duration.millis(500) })).toThrow(
      new InvalidInputError('Braid', [
        { path: 'globalRepairBurst', message: 'must be a whole number of repairs from 1 to 1000, got 0' },
        { path: 'globalRepairRefill', message: 'must be a whole number of seconds, at least 1 second, got 500 millis' },
      ]),
    );
    expect(() => fixture({ globalRepairBurst: 1001 })).toThrow('Invalid Braid: globalRepairBurst: must be a whole number of repairs from 1 to 1000, got 1001');
    expect(() => fixture({ globalRepairBurst: 2.5 })).toThrow(/globalRepairBurst: must be a whole number/);
    expect(() => fixture({ globalRepairRefill: Duration.millis(1500) })).toThrow(/globalRepairRefill: must be a whole number of seconds/);
  });

  it('names the remediation state machine when asked', () => {
    const { stack: s } = fixture({ remediationStateMachineName: 'braid-remediation' });
    Template.fromStack(s).hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'braid-remediation' });
  });

  it('grantRepair allows starting remediations, answering their approvals and writing the table', () => {
    const { stack: s, braid: b } = fixture();
    const role = new iam.Role(s, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    b.grantRepair(role);
    const machine = { Ref: logicalIdOf(s, b, 'Remediation/StateMachine') };
    const statements = policyStatements(s, /"Operator/);
    // CDK merges the two grants on the machine into one statement.
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess', 'states:StartExecution'],
      Resource: machine,
    });
    expect(statements.flatMap((statement) => [statement.Action].flat())).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(JSON.stringify(statements)).not.toContain(logicalIdOf(s, b, 'Rollout/StateMachine'));
  });

  it('grantDecide answers the task tokens of both state machines', () => {
    const { stack: s, braid: b } = fixture();
    const role = new iam.Role(s, 'Approver', { assumedBy: new iam.AccountRootPrincipal() });
    b.grantDecide(role);
    const responders = policyStatements(s, /"Approver/)
      .filter((statement) => JSON.stringify(statement.Action).includes('states:SendTaskSuccess'))
      .flatMap((statement) => [statement.Resource].flat());
    expect(responders).toEqual(
      expect.arrayContaining([{ Ref: logicalIdOf(s, b, 'Rollout/StateMachine') }, { Ref: logicalIdOf(s, b, 'Remediation/StateMachine') }]),
    );
  });

  it('exposes remediation metrics from the remediation state machine', () => {
    const metric = braid.metricRemediationsFailed();
    expect(metric.namespace).toBe('AWS/States');
    expect(metric.metricName).toBe('ExecutionsFailed');
    expect(metric.statistic).toBe('Sum');
    expect(stack.resolve(metric.dimensions)).toEqual({ StateMachineArn: { Ref: logicalIdOf(stack, braid, 'Remediation/StateMachine') } });
    expect(braid.metricRemediationsStarted().metricName).toBe('ExecutionsStarted');
  });
});

describe('RolloutTarget remediation', () => {
  function withRunbook(remediation: (alarm: cloudwatch.IAlarm, stack: Stack) => RemediationProps) {
    const built = fixture();
    const target = new RolloutTarget(built.stack, 'Target', { braid: built.braid, alias: built.alias, remediation: remediation(built.alarm, built.stack) });
    return { ...built, target };
  }

  it('records the runbook in the registry item with every default applied, and the REGISTRY index keys', () => {
    const { stack } = withRunbook((alarm) => ({ alarms: [alarm], action: 'rollback' }));
    const item = registration(stack).create.parameters.Item;
    expect(item.gsi1pk).toEqual({ S: 'REGISTRY' });
    expect(item.gsi1sk).toEqual({ S: 'checkout:live' });
    expect(item.remediation).toEqual({
      M: {
        alarmNames: { L: [{ S: 'checkout-live-errors' }] },
        action: { S: 'rollback' },
        requireApproval: { BOOL: false },
        approvalTimeoutSeconds: { N: '3600' },
        minAlarms: { N: '1' },
        cooldownSeconds: { N: '1800' },
        flap: { M: { maxAlarms: { N: '3' }, windowSeconds: { N: '3600' } } },
        rateLimit: { M: { capacity: { N: '3' }, refillSeconds: { N: '3600' } } },
        breaker: { M: { failuresToOpen: { N: '3' } } },
        verify: { M: { bakeSeconds: { N: '300' }, maxChecks: { N: '3' }, recheckSeconds: { N: '60' } } },
        escalationQuietSeconds: { N: '3600' },
        onNotConverged: { S: 'keep' },
      },
    });
  });

  it('records durations in seconds, nested limits field by field, and the runbook function by ARN', () => {
    const { stack, target } = withRunbook((alarm, s) => ({
      alarms: [alarm, cloudwatch.Alarm.fromAlarmName(s, 'Latency', 'checkout-live-latency')],
      action: 'invoke_runbook',
      runbookFunction: lambda.Function.fromFunctionArn(s, 'Runbook', RUNBOOK_ARN),
      requireApproval: true,
      approvalTimeout: Duration.minutes(20),
      minAlarms: 2,
      cooldown: Duration.minutes(10),
      flap: { window: Duration.minutes(30) },
      rateLimit: { capacity: 5, refill: Duration.minutes(15) },
      failuresToOpenBreaker: 2,
      verify: { bake: Duration.minutes(2), recheck: Duration.seconds(30) },
      escalationQuiet: Duration.hours(2),
    }));
    const remediation = registration(stack).create.parameters.Item.remediation.M;
    expect(remediation).toMatchObject({
      alarmNames: { L: [{ S: 'checkout-live-errors' }, { S: 'checkout-live-latency' }] },
      action: { S: 'invoke_runbook' },
      runbookFunction: { S: RUNBOOK_ARN },
      requireApproval: { BOOL: true },
      approvalTimeoutSeconds: { N: '1200' },
      minAlarms: { N: '2' },
      cooldownSeconds: { N: '600' },
      flap: { M: { maxAlarms: { N: '3' }, windowSeconds: { N: '1800' } } },
      rateLimit: { M: { capacity: { N: '5' }, refillSeconds: { N: '900' } } },
      breaker: { M: { failuresToOpen: { N: '2' } } },
      verify: { M: { bakeSeconds: { N: '120' }, maxChecks: { N: '3' }, recheckSeconds: { N: '30' } } },
      escalationQuietSeconds: { N: '7200' },
    });
    expect(target.remediation?.verify).toEqual({ bakeSeconds: 120, maxChecks: 3, recheckSeconds: 30 });
  });

  it('records no runbook for a target without one, but still lists it under REGISTRY', () => {
    const { stack, braid, alias } = fixture();
    const target = new RolloutTarget(stack, 'Target', { braid, alias });
    const item = registration(stack).create.parameters.Item;
    expect(item).not.toHaveProperty('remediation');
    expect(item.gsi1pk).toEqual({ S: 'REGISTRY' });
    expect(target.remediation).toBeUndefined();
  });

  it("lets the remediation state machine update only this alias and set or clear only this function's concurrency", () => {
    const { stack } = withRunbook((alarm) => ({ alarms: [alarm], action: 'throttle', reservedConcurrency: 5 }));
    const statements = policyStatements(stack, /RemediationStateMachineRole/).filter((s) => JSON.stringify(s.Action).match(/Alias|Concurrency/));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['lambda:GetAlias', 'lambda:UpdateAlias'], Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:live`] },
      { Effect: 'Allow', Action: ['lambda:DeleteFunctionConcurrency', 'lambda:PutFunctionConcurrency'], Resource: FUNCTION_ARN },
    ]);
  });

  it('lets the remediation state machine invoke the runbook function only when the target names one', () => {
    const { stack } = withRunbook((alarm, s) => ({
      alarms: [alarm],
      action: 'invoke_runbook',
      runbookFunction: lambda.Function.fromFunctionArn(s, 'Runbook', RUNBOOK_ARN),
    }));
    expect(invocableByRemediation(stack).filter((arn) => typeof arn === 'string')).toEqual([RUNBOOK_ARN]);
    const plain = withRunbook((alarm) => ({ alarms: [alarm], action: 'rollback' }));
    expect(invocableByRemediation(plain.stack).filter((arn) => typeof arn === 'string')).toEqual([]);
  });

  it('lets prepare-repair read the alias and the concurrency, the alarm readers DescribeAlarms on runbook and gate alarms, the detector on runbook alarms only', () => {
    const built = fixture();
    const gate = cloudwatch.Alarm.fromAlarmName(built.stack, 'Gate', 'checkout-live-gate');
    new RolloutTarget(built.stack, 'Target', {
      braid: built.braid,
      alias: built.alias,
      gateAlarms: [gate],
      remediation: { alarms: [built.alarm], action: 'rollback' },
    });
    const { stack } = built;
    expect(policyStatements(stack, /BraidPrepareRepairRole/)).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'lambda:GetAlias', Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:live`] },
        { Effect: 'Allow', Action: 'lambda:GetFunctionConcurrency', Resource: FUNCTION_ARN },
      ]),
    );
    const alarms = [`${ALARM_ARN}checkout-live-errors`, `${ALARM_ARN}checkout-live-gate`];
    for (const role of [/BraidPrepareRepairRole/, /BraidVerifyRepairRole/]) {
      expect(policyStatements(stack, role)).toContainEqual({ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: alarms });
    }
    expect(policyStatements(stack, /BraidDetectIncidentRole/)).toContainEqual({
      Effect: 'Allow',
      Action: 'cloudwatch:DescribeAlarms',
      Resource: `${ALARM_ARN}checkout-live-errors`,
    });
    const others = policyStatements(stack, /Braid(RequestRepairApproval|PlanUndo|EscalateIncident|CloseIncident)Role/);
    expect(others.filter((s) => JSON.stringify(s.Action).match(/lambda:|cloudwatch:/))).toEqual([]);
    expect(policyStatements(stack, /BraidVerifyRepairRole/).filter((s) => JSON.stringify(s.Action).includes('lambda:'))).toEqual([]);
  });

  it('rejects a throttle without reservedConcurrency at synth time', () => {
    expect(() => withRunbook((alarm) => ({ alarms: [alarm], action: 'throttle' }))).toThrow(
      new InvalidInputError('rollout target', [
        {
          path: 'remediation.reservedConcurrency',
          message: 'is required for the throttle action: the reserved concurrency to set, a whole number from 0 to 10000',
        },
      ]),
    );
  });

  it('rejects a runbook without alarms, and minAlarms above the number of alarms, naming the props', () => {
    expect(() => withRunbook(() => ({ alarms: [], action: 'rollback' }))).toThrow(
      'Invalid rollout target: remediation.alarms: must list 1 to 10 alarm names, got 0',
    );
    expect(() => withRunbook((alarm) => ({ alarms: [alarm], action: 'rollback', minAlarms: 2 }))).toThrow(
      'Invalid rollout target: remediation.minAlarms: must be a whole number from 1 to 1, got 2',
    );
  });

  it('names Duration props in errors and says their numbers are seconds', () => {
    expect(() =>
      withRunbook((alarm) => ({ alarms: [alarm], action: 'rollback', approvalTimeout: Duration.seconds(30), verify: { recheck: Duration.seconds(5) } })),
    ).toThrow(
      new InvalidInputError('rollout target', [
        { path: 'remediation.approvalTimeout', message: 'in seconds, must be a whole number from 60 to 31536000, got 30' },
        { path: 'remediation.verify.recheck', message: 'in seconds, must be a whole number from 10 to 604800, got 5' },
      ]),
    );
  });

  it('rejects a runbook function with another action, and undo of a notification', () => {
    expect(() =>
      withRunbook((alarm, s) => ({
        alarms: [alarm],
        action: 'notify',
        runbookFunction: lambda.Function.fromFunctionArn(s, 'Runbook', RUNBOOK_ARN),
        onNotConverged: 'undo',
      })),
    ).toThrow(
      new InvalidInputError('rollout target', [
        { path: 'remediation.runbookFunction', message: 'is only for the invoke_runbook action (action is "notify"); remove it' },
        {
          path: 'remediation.onNotConverged',
          message: 'cannot be "undo" for the notify action: Braid cannot take it back; use "keep" (undoable actions: rollback, shift_canary_to_zero, throttle)',
        },
      ]),
    );
  });
});

describe('BraidExampleStack remediation', () => {
  it('rolls the live alias back when its errors alarm fires', () => {
    const stack = new BraidExampleStack(testApp(), 'BraidExample');
    const remediation = registration(stack).create.parameters.Item.remediation.M;
    expect(remediation.action).toEqual({ S: 'rollback' });
    expect(remediation.alarmNames).toEqual({ L: [{ S: `<${stack.getLogicalId(stack.errorsAlarm.node.defaultChild as never)}>` }] });
  });
});
