import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { Braid } from './braid.js';
import { LOCK_FILE, PROJECT_ROOT } from './private/paths.js';
import { TASK_RUNTIME } from './private/task-function.js';
import { RolloutStrategy } from './rollout-strategy.js';
import { RolloutTarget } from './rollout-target.js';

/** Construction properties for `BraidExampleStack`. */
export interface BraidExampleStackProps extends StackProps {
  /**
   * What happens to Braid's table when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
}

/**
 * A complete example: Braid, a sample function with a published version behind the alias
 * `live`, an alarm on the alias's errors as the gate, and the alias declared as a rollout target
 * with CodeDeploy's `Canary10Percent5Minutes` and a remediation runbook that rolls the alias
 * back when that alarm fires outside a rollout.
 */
export class BraidExampleStack extends Stack {
  /** The Braid of this stack. */
  public readonly braid: Braid;
  /** The alias Braid rolls out. */
  public readonly alias: lambda.Alias;
  /** The gate, and what starts the remediation runbook: any error on the alias in a minute. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** The target record of the alias. */
  public readonly target: RolloutTarget;

  constructor(scope: Construct, id: string, props: BraidExampleStackProps = {}) {
    super(scope, id, props);
    this.braid = new Braid(this, 'Braid', { tableRemovalPolicy: props.tableRemovalPolicy });

    const sample = new NodejsFunction(this, 'SampleFunction', {
      entry: join(dirname(fileURLToPath(import.meta.url)), 'example', 'sample-function.ts'),
      runtime: TASK_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: { forceDockerBundling: false, format: OutputFormat.ESM, minify: true },
    });
    Validations.of(sample.role!).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The sample function stands for user code; the AWS managed basic execution role only lets it write its own logs.',
    });
    this.alias = new lambda.Alias(this, 'Live', { aliasName: 'live', version: sample.currentVersion });

    this.errorsAlarm = this.alias.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }).createAlarm(this, 'LiveErrors', {
      alarmDescription: 'Any error on the live alias fails the rollout step being judged.',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.target = new RolloutTarget(this, 'LiveTarget', {
      braid: this.braid,
      alias: this.alias,
      gateAlarms: [this.errorsAlarm],
      strategy: RolloutStrategy.preset('Canary10Percent5Minutes'),
      remediation: { alarms: [this.errorsAlarm], action: 'rollback' },
    });

    // What the `braid` CLI needs (`--table`, `--state-machine-arn`, `--remediation-state-machine-arn`).
    new CfnOutput(this, 'TableName', { value: this.braid.table.tableName });
    new CfnOutput(this, 'RolloutStateMachineArn', { value: this.braid.rolloutStateMachine.stateMachineArn });
    new CfnOutput(this, 'RemediationStateMachineArn', { value: this.braid.remediationStateMachine.stateMachineArn });
    new CfnOutput(this, 'EscalationTopicArn', { value: this.braid.escalationTopic.topicArn, description: 'Subscribe the people who answer escalations.' });
  }
}
