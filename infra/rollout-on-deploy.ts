import { join } from 'node:path';
import { CustomResource, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { InvalidInputError } from '../functions/core/errors.js';
import { BRAID_GSI1, type Braid } from './braid.js';
import { acknowledgeWildcardResource, acknowledgeXRay } from './private/nag-finding.js';
import { HANDLERS_DIR } from './private/paths.js';
import { grantTableRead, grantTableReadWrite } from './private/table-access.js';
import { TaskFunction } from './private/task-function.js';
import type { RolloutTarget } from './rollout-target.js';

/** Properties of {@link RolloutOnDeploy}. */
export interface RolloutOnDeployProps {
  readonly braid: Braid;
  readonly target: RolloutTarget;
  /**
   * The version this deployment publishes, e.g. `fn.currentVersion`. Each new version starts one
   * rollout. Declare the target's alias on a fixed version (not this one): Braid, not
   * CloudFormation, moves the alias.
   */
  readonly version: lambda.IVersion;
  /**
   * Make the deployment wait for the rollout and fail (rolling the stack back) unless it promotes.
   *
   * @default false
   */
  readonly waitForOutcome?: boolean;
  /**
   * How long the deployment waits when `waitForOutcome` is set; CloudFormation allows a custom
   * resource at most two hours.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

/**
 * Starts a rollout when `cdk deploy` publishes a new version of a target's function (once per
 * version, whatever CloudFormation retries), and optionally makes the deployment wait for it.
 */
export class RolloutOnDeploy extends Construct {
  constructor(scope: Construct, id: string, props: RolloutOnDeployProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.hours(1);
    if (timeout.toSeconds() < 60 || timeout.toSeconds() > 7200) {
      throw new InvalidInputError('rollout on deploy', [
        { path: 'timeout', message: `must be from 1 minute to 2 hours (CloudFormation's limit for a custom resource), got ${timeout.toHumanString()}` },
      ]);
    }
    const { braid, target } = props;
    const environment = {
      BRAID_TABLE_NAME: braid.table.tableName,
      BRAID_ROLLOUT_STATE_MACHINE_ARN: braid.rolloutStateMachine.stateMachineArn,
      POWERTOOLS_SERVICE_NAME: 'braid',
      POWERTOOLS_METRICS_NAMESPACE: 'Braid',
    };
    const start = new TaskFunction(this, 'Start', { entry: join(HANDLERS_DIR, 'deploy-start.ts'), environment, logGroup: braid.taskLogs });
    grantTableReadWrite(start, braid.table, [BRAID_GSI1]);
    braid.rolloutStateMachine.grantStartExecution(start);
    iam.Grant.addToPrincipal({ grantee: start, actions: ['lambda:GetAlias'], resourceArns: [target.alias.functionArn] });
    let wait: TaskFunction | undefined;
    if (props.waitForOutcome) {
      wait = new TaskFunction(this, 'Wait', { entry: join(HANDLERS_DIR, 'deploy-wait.ts'), environment, logGroup: braid.taskLogs });
      grantTableRead(wait, braid.table, [BRAID_GSI1]);
    }
    for (const fn of [start, wait]) if (fn) acknowledgeXRay(fn.role!);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: start,
      isCompleteHandler: wait,
      queryInterval: wait ? Duration.seconds(30) : undefined,
      totalTimeout: wait ? timeout : undefined,
    });
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK custom resource provider framework gives its own functions the AWS managed basic execution role.',
      },
      { id: 'AwsSolutions-L1', reason: 'The provider framework chooses the runtime of its own functions.' },
      { id: 'AwsSolutions-SF1', reason: "The provider framework's waiter state machine is internal to CDK." },
      { id: 'AwsSolutions-SF2', reason: "The provider framework's waiter state machine is internal to CDK." },
    );
    // The framework (and its waiter state machine) invokes our handlers and its own functions by any version.
    const invoked = [start, wait, ...provider.node.findAll().filter((child): child is lambda.Function => child instanceof lambda.Function)];
    for (const fn of new Set(invoked)) {
      if (fn)
        acknowledgeWildcardResource(provider, `${fn.functionArn}:*`, 'The provider framework may invoke any version of its handler and framework functions.');
    }
    new CustomResource(this, 'Rollout', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BraidRolloutOnDeploy',
      properties: { TargetName: target.targetName, Version: props.version.version },
    });
  }
}
