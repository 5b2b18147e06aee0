import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRAID_GSI1, Braid, type BraidProps } from '../../infra/braid.js';
import { STATE_MACHINES_DIR } from '../../infra/private/paths.js';
import { REMEDIATION_TASKS } from '../../infra/private/remediation-tasks.js';
import { ROLLOUT_TASKS } from '../../infra/private/rollout-tasks.js';

const ROLLOUT_TASK_IDS = Object.values(ROLLOUT_TASKS).map((task) => task.id);
import { logicalIdOf } from './target-fixture.js';
import { testApp } from './test-app.js';

/** Logical id prefix of aws-cdk-lib's AwsCustomResource provider (function and role). */
const CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

function build(props?: BraidProps): { stack: Stack; braid: Braid } {
  const stack = new Stack(testApp(), 'Test');
  return { stack, braid: new Braid(stack, 'Braid', props) };
}

function synth(props?: BraidProps): { stack: Stack; braid: Braid; template: Template } {
  const built = build(props);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The rollout state machine's definition as CloudFormation will render it: tokens stay JSON objects. */
function definitionOf(template: Template, stack: Stack, braid: Braid): string {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  return JSON.stringify(machines[logicalIdOf(stack, braid, 'Rollout/StateMachine')]!.Properties.DefinitionString);
}

describe('Braid', () => {
  let stack: Stack;
  let braid: Braid;
  let template: Template;
  beforeAll(() => {
    ({ stack, braid, template } = synth());
  });

  it('creates one on-demand table keyed pk/sk with gsi1 and point-in-time recovery, retained by default', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        GlobalSecondaryIndexes: [
          {
            IndexName: BRAID_GSI1,
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    });
  });

  it('honours a table removal policy and name when given', () => {
    const custom = synth({ tableRemovalPolicy: RemovalPolicy.DESTROY, tableName: 'braid-test' }).template;
    custom.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: { TableName: 'braid-test' } });
  });

  it('creates a function per rollout and remediation task, the gate watcher and the detector, on the latest Node.js runtime, arm64, with the Braid environment', () => {
    // Besides AwsCustomResource's provider function (aws-cdk-lib's, shared by the stack), which records the settings.
    const functions = Object.fromEntries(
      Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith(CUSTOM_RESOURCE_PROVIDER)),
    );
    expect(Object.keys(functions)).toHaveLength(ROLLOUT_TASK_IDS.length + 1 + Object.keys(REMEDIATION_TASKS).length + 1);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
        Environment: {
          Variables: {
            BRAID_TABLE_NAME: { Ref: logicalIdOf(stack, braid, 'Table') },
            POWERTOOLS_SERVICE_NAME: 'braid',
            POWERTOOLS_METRICS_NAMESPACE: 'Braid',
          },
        },
      });
    }
  });

  it('keeps task logs three months by default, or as configured', () => {
    // The tasks' group and one per state machine.
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 3);
    synth({ logRetention: logs.RetentionDays.ONE_YEAR }).template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 3);
  });

  it('creates a Standard rollout state machine with full logging without execution data, and X-Ray tracing', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'Rollout/Logs'), 'Arn'] } } }],
      },
    });
  });

  it('inlines every placeholder of rollout.asl.json with the ARN of its task function', () => {
    const raw = readFileSync(join(STATE_MACHINES_DIR, 'rollout.asl.json'), 'utf8');
    expect(raw).toContain('${PrepareRolloutFunctionArn}');
    const definition = definitionOf(template, stack, braid);
    expect(definition).not.toMatch(/\$\{[A-Za-z0-9_]+\}/);
    for (const machine of Object.values(template.findResources('AWS::StepFunctions::StateMachine'))) {
      expect(machine.Properties).not.toHaveProperty('DefinitionSubstitutions');
    }
    for (const id of ROLLOUT_TASK_IDS) {
      const logicalId = logicalIdOf(stack, braid, `Rollout/${id}`);
      expect(definition).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
    }
  });

  it('lets the state machine invoke exactly its task functions, unqualified', () => {
    const arns = ROLLOUT_TASK_IDS.map((id) => ({ 'Fn::GetAtt': [logicalIdOf(stack, braid, `Rollout/${id}`), 'Arn'] }));
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('RolloutStateMachineRole') }] } }),
    );
    const invoke = (policy!.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown[] }>).filter((statement) =>
      JSON.stringify(statement.Action).includes('lambda:Invoke'),
    );
    expect(invoke).toHaveLength(1);
    expect(invoke[0]!.Action).toBe('lambda:InvokeFunction');
    expect(invoke[0]!.Resource).toHaveLength(ROLLOUT_TASK_IDS.length);
    expect(invoke[0]!.Resource).toEqual(expect.arrayContaining(arns));
  });

  it("wakes the gate watcher on every alarm entering ALARM, and lets it answer the rollout's task tokens", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM'] } } },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'GateWatcher/WatchGates'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } }),
      ],
    });
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('WatchGatesRole') }] } }));
    expect(policy!.Properties.PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'],
      Resource: { Ref: logicalIdOf(stack, braid, 'Rollout/StateMachine') },
    });
  });

  it('grants each task read/write on the table and its one index by name, without Scan or wildcards', () => {
    const table = { 'Fn::GetAtt': [logicalIdOf(stack, braid, 'Table'), 'Arn'] };
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).match(
        /Braid(PrepareRollout|AcquireLease|SnapshotAlias|JudgeHook|Decide|RequestHold|HoldTimedOut|PlanRestore|FinishOperation|WatchGates)Role/,
      ),
    );
    expect(policies).toHaveLength(ROLLOUT_TASK_IDS.length + 1);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: [table, { 'Fn::Join': ['', [table, '/index/gsi1']] }],
      });
    }
  });

  it('uses no wildcard action, and a wildcard resource only for X-Ray, log delivery and metric reads', () => {
    const unscopable =
      /^(xray:|cloudwatch:GetMetricData$|logs:(CreateLogDelivery|DeleteLogDelivery|DescribeLogGroups|DescribeResourcePolicies|GetLogDelivery|ListLogDeliveries|PutResourcePolicy|UpdateLogDelivery)$)/;
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>) {
        const actions = [statement.Action].flat();
        expect(actions.filter((action) => action.includes('*'))).toEqual([]);
        if (JSON.stringify(statement.Resource).includes('*')) {
          expect(actions.filter((action) => !unscopable.test(action))).toEqual([]);
        }
      }
    }
    // Only the custom resource provider's role, which cdk-nag's test shows acknowledged.
    expect(
      Object.keys(template.findResources('AWS::IAM::Role', { Properties: { ManagedPolicyArns: Match.anyValue() } })).filter(
        (id) => !id.startsWith(CUSTOM_RESOURCE_PROVIDER),
      ),
    ).toEqual([]);
  });

  it('grantStartRollout allows StartExecution on the machine and reading the table', () => {
    const { stack: s, braid: b } = build();
    const role = new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    b.grantStartRollout(role);
    const table = { 'Fn::GetAtt': [logicalIdOf(s, b, 'Table'), 'Arn'] };
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: s.getLogicalId(role.node.defaultChild as never) }],
      PolicyDocument: {
        Statement: [
          { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: logicalIdOf(s, b, 'Rollout/StateMachine') } },
          {
            Action: ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query'],
            Effect: 'Allow',
            Resource: [table, { 'Fn::Join': ['', [table, '/index/gsi1']] }],
          },
        ],
      },
    });
  });

  it('grantRead allows reading executions and the table, and nothing that writes', () => {
    const { stack: s, braid: b } = build();
    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    b.grantRead(role);
    const [policy] = Object.values(
      Template.fromStack(s).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: s.getLogicalId(role.node.defaultChild as never) }] } }),
    );
    const actions = (policy!.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['states:DescribeExecution', 'states:ListExecutions', 'dynamodb:Query']));
    expect(actions.filter((action) => /Start|Stop|Put|Update|Delete|Send/.test(action))).toEqual([]);
  });

  it('exposes rollout metrics from the state machine', () => {
    const metric = braid.metricRolloutsFailed();
    expect(metric.namespace).toBe('AWS/States');
    expect(metric.metricName).toBe('ExecutionsFailed');
    expect(metric.statistic).toBe('Sum');
    expect(stack.resolve(metric.dimensions)).toEqual({ StateMachineArn: { Ref: logicalIdOf(stack, braid, 'Rollout/StateMachine') } });
    expect(braid.metricRolloutsSucceeded().metricName).toBe('ExecutionsSucceeded');
    expect(braid.metricRolloutsStarted().metricName).toBe('ExecutionsStarted');
    expect(braid.metricRolloutsTimedOut().metricName).toBe('ExecutionsTimedOut');
    expect(braid.metricRolloutsAborted().metricName).toBe('ExecutionsAborted');
  });
});
