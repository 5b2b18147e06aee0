import type { Json } from './json.js';

/** What the context object says about the execution; the same for every state. */
export interface ExecutionFacts {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly startMs: number;
  readonly input: Json;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
}

/** What the context object says about the state being run. */
export interface StateFacts {
  readonly name: string;
  readonly enteredMs: number;
  /** Retries of this visit so far: 0 on the first attempt. */
  readonly retryCount: number;
  /** The attempt's task token, for `.waitForTaskToken` tasks only. */
  readonly taskToken?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The context object (`$$`) of one state (and attempt), with times in virtual time. */
export function contextObject(execution: ExecutionFacts, state: StateFacts): Json {
  return {
    Execution: {
      Id: execution.arn,
      Input: execution.input,
      Name: execution.name,
      RoleArn: execution.roleArn,
      StartTime: iso(execution.startMs),
      RedriveCount: 0,
    },
    State: { EnteredTime: iso(state.enteredMs), Name: state.name, RetryCount: state.retryCount },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    ...(state.taskToken === undefined ? {} : { Task: { Token: state.taskToken } }),
  };
}
