import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { REMEDIATION_EVENT_PATTERN } from '../../functions/remediation/remediation-event-pattern.js';
import { createTableTask, type TaskContext } from './table-task.js';
import type { TaskFunction } from './task-function.js';

/** Construction properties for `RemediationIntake`. */
export interface RemediationIntakeProps {
  /** The remediation state machine the detector starts. */
  readonly stateMachine: sfn.IStateMachine;
  /** What the detector shares with Braid's other functions. */
  readonly context: TaskContext;
}

/**
 * Where incidents come in: an EventBridge rule sends every alarm entering ALARM to the detector,
 * which starts the remediation state machine for the targets whose runbook watches that alarm.
 * Events the detector could not take after 2 retries wait 14 days in a dead-letter queue.
 *
 * The detector starts executions, so it stands outside the machine: giving one of the machine's
 * own tasks the machine's ARN would be a cycle.
 */
export class RemediationIntake extends Construct {
  /** The function that turns alarms entering ALARM into remediation executions. */
  public readonly detector: TaskFunction;

  /** Events of alarms the detector could not take after its retries. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RemediationIntakeProps) {
    super(scope, id);
    this.detector = createTableTask(this, 'DetectIncident', 'detect-incident.ts', props.context, {
      BRAID_REMEDIATION_STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
    });
    props.stateMachine.grantStartExecution(this.detector);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue of the remediation rule's target; a dead-letter queue of a dead-letter queue would only move the same events again.",
    });
    new events.Rule(this, 'Rule', {
      description: 'Alarms entering ALARM: start the remediation runbook of every target that watches them.',
      eventPattern: REMEDIATION_EVENT_PATTERN as unknown as events.EventPattern,
      targets: [new targets.LambdaFunction(this.detector, { retryAttempts: 2, deadLetterQueue: this.deadLetterQueue })],
    });
  }

  /** Lets the detector read a runbook's alarms, to corroborate an incident against its other alarms before deciding. */
  public grantReadAlarms(alarmArns: readonly string[]): void {
    if (alarmArns.length === 0) return;
    iam.Grant.addToPrincipal({ grantee: this.detector, actions: ['cloudwatch:DescribeAlarms'], resourceArns: [...alarmArns] });
  }
}
