import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { GATE_WATCH_EVENT_PATTERN } from '../../functions/rollout/gate-watch-pattern.js';
import { createTableTask, type TaskContext } from './table-task.js';
import type { TaskFunction } from './task-function.js';

/** Construction properties for `GateWatcher`. */
export interface GateWatcherProps {
  /** The rollout state machine whose waits for a person the watcher fails. */
  readonly stateMachine: sfn.IStateMachine;
  /** What the watcher shares with Braid's other functions. */
  readonly context: TaskContext;
}

/**
 * Gates keep judging while a rollout waits for a person: an EventBridge rule sends every alarm
 * entering ALARM to a function that fails, at once, each rollout wait that alarm gates (by
 * answering the wait's task token).
 */
export class GateWatcher extends Construct {
  /** The function that fails a rollout's wait for a person when one of its gate alarms goes to ALARM. */
  public readonly handler: TaskFunction;

  constructor(scope: Construct, id: string, props: GateWatcherProps) {
    super(scope, id);
    this.handler = createTableTask(this, 'WatchGates', 'watch-gates.ts', props.context);
    props.stateMachine.grantTaskResponse(this.handler);
    new events.Rule(this, 'Rule', {
      description: 'Alarms entering ALARM: fail any rollout wait they gate.',
      eventPattern: GATE_WATCH_EVENT_PATTERN as unknown as events.EventPattern,
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 2 })],
    });
  }
}
