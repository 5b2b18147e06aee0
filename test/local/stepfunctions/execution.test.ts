import { GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LambdaInvocation } from '../../../local/stepfunctions/task-integrations.js';
import { awsError, startStepFunctionsSandbox, T0, type StepFunctionsSandbox } from './stepfunctions-fixture.js';

let sandbox: StepFunctionsSandbox;
beforeEach(async () => {
  sandbox = await startStepFunctionsSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

async function runToEnd(machineArn: string, input: object = {}, name = 'run-1') {
  const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }));
  const description = await sandbox.emulator.waitForExecution(started.executionArn ?? '');
  return { arn: started.executionArn ?? '', description };
}

const BAKE_MACHINE = {
  StartAt: 'CheckHealth',
  States: {
    CheckHealth: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'braid-gate',
        Payload: {
          'target.$': '$.target',
          'execution.$': '$$.Execution.Name',
          'state.$': '$$.State.Name',
          'startedAt.$': '$$.Execution.StartTime',
          'machine.$': '$$.StateMachine.Name',
        },
      },
      ResultSelector: { 'verdict.$': '$.Payload.verdict', 'version.$': '$.ExecutedVersion', 'status.$': '$.StatusCode' },
      ResultPath: '$.gate',
      Next: 'Bake',
    },
    Bake: { Type: 'Wait', Seconds: 3600, Next: 'Judge' },
    Judge: { Type: 'Choice', Choices: [{ Variable: '$.gate.verdict', StringEquals: 'pass', Next: 'Done' }], Default: 'Failed' },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'GateFailed', Cause: 'verdict was not pass' },
  },
};

describe('a Task → Wait → Choice → Succeed execution', () => {
  it('bakes for 3600 s of virtual time in well under a second of real time', async () => {
    sandbox.fakes.lambda = () => ({ statusCode: 200, payload: { verdict: 'pass' }, executedVersion: '7' });
    const arn = await sandbox.createMachine('bake', BAKE_MACHINE);
    const realStart = performance.now();
    const { description } = await runToEnd(arn, { target: 'checkout:live' });
    expect(performance.now() - realStart).toBeLessThan(1000);
    expect(sandbox.clock.nowMs() - T0).toBe(3_600_000);
    expect(description).toMatchObject({ status: 'SUCCEEDED', startDate: new Date(T0), stopDate: new Date(T0 + 3_600_000) });
    expect(JSON.parse(description.output ?? '')).toEqual({ target: 'checkout:live', gate: { verdict: 'pass', version: '7', status: 200 } });
  });

  it('gives the task the context object with virtual start time and the state name', async () => {
    sandbox.fakes.lambda = () => ({ statusCode: 200, payload: { verdict: 'pass' }, executedVersion: '1' });
    const arn = await sandbox.createMachine('bake', BAKE_MACHINE);
    await runToEnd(arn, { target: 'checkout:live' }, 'op-01');
    expect(sandbox.calls).toEqual([
      {
        atMs: T0,
        kind: 'lambda',
        target: 'braid-gate',
        payload: { target: 'checkout:live', execution: 'op-01', state: 'CheckHealth', startedAt: new Date(T0).toISOString(), machine: 'bake' },
      },
    ]);
  });

  it('records AWS-shaped history with the wait spanning 3600 virtual seconds', async () => {
    sandbox.fakes.lambda = () => ({ statusCode: 200, payload: { verdict: 'pass' }, executedVersion: '1' });
    const { arn } = await runToEnd(await sandbox.createMachine('bake', BAKE_MACHINE), { target: 'a' });
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const waitEntered = events.find((event) => event.type === 'WaitStateEntered');
    const waitExited = events.find((event) => event.type === 'WaitStateExited');
    expect(waitEntered?.timestamp).toEqual(new Date(T0));
    expect(waitExited?.timestamp).toEqual(new Date(T0 + 3_600_000));
    expect(waitEntered?.stateEnteredEventDetails?.name).toBe('Bake');
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
    });
  });

  it('counts one billable transition per state entered', async () => {
    sandbox.fakes.lambda = () => ({ statusCode: 200, payload: { verdict: 'fail' }, executedVersion: '1' });
    const { arn, description } = await runToEnd(await sandbox.createMachine('bake', BAKE_MACHINE), { target: 'a' });
    expect(description).toMatchObject({ status: 'FAILED', error: 'GateFailed', cause: 'verdict was not pass' });
    expect(sandbox.emulator.describeExecutionStats(arn)).toEqual({ stateTransitions: 4, byState: { CheckHealth: 1, Bake: 1, Judge: 1, Failed: 1 } });
  });

  it('honours SecondsPath and TimestampPath on the virtual clock', async () => {
    const arn = await sandbox.createMachine('waits', {
      StartAt: 'ForSeconds',
      States: {
        ForSeconds: { Type: 'Wait', SecondsPath: '$.bakeSeconds', Next: 'Until' },
        Until: { Type: 'Wait', TimestampPath: '$.until', End: true },
      },
    });
    const { description } = await runToEnd(arn, { bakeSeconds: 90, until: new Date(T0 + 600_000).toISOString() });
    expect(description.status).toBe('SUCCEEDED');
    expect(sandbox.clock.nowMs()).toBe(T0 + 600_000);
  });

  it('lets two concurrent executions wait from the same instant without adding up their waits', async () => {
    const arn = await sandbox.createMachine('wait-60', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    // Started in the same instant (no I/O in between), as a burst of events would start them.
    const a = sandbox.emulator.startExecution(arn, 'a');
    const b = sandbox.emulator.startExecution(arn, 'b');
    const [doneA, doneB] = await Promise.all([sandbox.emulator.waitForExecution(a.executionArn), sandbox.emulator.waitForExecution(b.executionArn)]);
    expect(doneA.stopDate).toEqual(new Date(T0 + 60_000));
    expect(doneB.stopDate).toEqual(new Date(T0 + 60_000));
    expect(sandbox.clock.nowMs()).toBe(T0 + 60_000);
  });
});

describe('Retry', () => {
  const retryingMachine = (retrier: object) => ({
    StartAt: 'ShiftWeight',
    States: {
      ShiftWeight: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:lambda:updateAlias',
        Parameters: { FunctionName: 'checkout', Name: 'live', 'RevisionId.$': '$.revisionId' },
        Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], ...retrier }],
        End: true,
      },
    },
  });

  function failTwiceThenSucceed(): void {
    let attempts = 0;
    sandbox.fakes.sdk = () => {
      attempts += 1;
      if (attempts <= 2) throw awsError('TooManyRequestsException', 'Rate exceeded');
      return { $metadata: {}, AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:live', RevisionId: 'r2' };
    };
  }

  const gaps = (): number[] => sandbox.calls.slice(1).map((call, index) => call.atMs - (sandbox.calls[index]?.atMs ?? 0));

  it('backs off IntervalSeconds × BackoffRate^n on the virtual clock, capped by MaxDelaySeconds', async () => {
    failTwiceThenSucceed();
    const arn = await sandbox.createMachine('retry', retryingMachine({ IntervalSeconds: 10, BackoffRate: 4, MaxDelaySeconds: 25, MaxAttempts: 3 }));
    const { arn: executionArn, description } = await runToEnd(arn, { revisionId: 'r1' });
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toEqual({ AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:live', RevisionId: 'r2' });
    expect(gaps()).toEqual([10_000, 25_000]);
    expect(sandbox.calls.map((call) => call.payload)).toEqual(Array(3).fill({ FunctionName: 'checkout', Name: 'live', RevisionId: 'r1' }));
    expect(sandbox.emulator.describeExecutionStats(executionArn)).toEqual({ stateTransitions: 3, byState: { ShiftWeight: 3 } });
  });

  it('draws FULL jitter from the seeded generator: bounded, and the same for the same seed', async () => {
    failTwiceThenSucceed();
    const machine = retryingMachine({ IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' });
    await runToEnd(await sandbox.createMachine('retry', machine), { revisionId: 'r1' });
    const first = gaps();
    expect(first[0]).toBeGreaterThanOrEqual(0);
    expect(first[0]).toBeLessThanOrEqual(10_000);
    expect(first[1]).toBeLessThanOrEqual(20_000);
    expect(first).not.toEqual([10_000, 20_000]);

    await sandbox.close();
    sandbox = await startStepFunctionsSandbox();
    failTwiceThenSucceed();
    await runToEnd(await sandbox.createMachine('retry', machine), { revisionId: 'r1' });
    expect(gaps()).toEqual(first);
  });

  it('gives up after MaxAttempts and fails the execution with the last error', async () => {
    sandbox.fakes.sdk = () => {
      throw awsError('TooManyRequestsException', 'Rate exceeded');
    };
    const { description } = await runToEnd(await sandbox.createMachine('retry', retryingMachine({ IntervalSeconds: 1, MaxAttempts: 2 })), { revisionId: 'r1' });
    expect(description).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded' });
    expect(sandbox.calls).toHaveLength(3);
  });
});

describe('errors of integrations, as Retry and Catch see them', () => {
  const catchingMachine = (resource: string, parameters: object) => ({
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: resource,
        Parameters: parameters,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });

  it('routes a stale RevisionId of aws-sdk:lambda:updateAlias as Lambda.PreconditionFailedException', async () => {
    sandbox.fakes.sdk = () => {
      throw awsError('PreconditionFailedException', 'The RevisionId provided does not match the latest RevisionId');
    };
    const arn = await sandbox.createMachine('shift', {
      StartAt: 'ShiftWeight',
      States: {
        ShiftWeight: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:lambda:updateAlias',
          Parameters: { FunctionName: 'checkout', Name: 'live', RevisionId: 'stale' },
          Catch: [
            { ErrorEquals: ['Lambda.PreconditionFailedException'], ResultPath: '$.conflict', Next: 'Conflict' },
            { ErrorEquals: ['States.ALL'], Next: 'Broken' },
          ],
          End: true,
        },
        Conflict: { Type: 'Pass', End: true },
        Broken: { Type: 'Fail', Error: 'Broken' },
      },
    });
    const { description } = await runToEnd(arn, { op: 1 });
    expect(sandbox.calls[0]).toMatchObject({
      kind: 'sdk',
      target: 'lambda:updateAlias',
      payload: { FunctionName: 'checkout', Name: 'live', RevisionId: 'stale' },
    });
    expect(JSON.parse(description.output ?? '')).toEqual({
      op: 1,
      conflict: { Error: 'Lambda.PreconditionFailedException', Cause: 'The RevisionId provided does not match the latest RevisionId' },
    });
  });

  it.each([
    ['arn:aws:states:::dynamodb:putItem', 'DynamoDB.ConditionalCheckFailedException'],
    ['arn:aws:states:::aws-sdk:dynamodb:putItem', 'DynamoDb.ConditionalCheckFailedException'],
  ])('names a failed condition of %s %s', async (resource, expected) => {
    sandbox.fakes.sdk = () => {
      throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
    };
    const { description } = await runToEnd(await sandbox.createMachine('lease', catchingMachine(resource, { TableName: 'leases', Item: { pk: { S: 't' } } })));
    expect(sandbox.calls[0]?.target).toBe('dynamodb:putItem');
    expect(JSON.parse(description.output ?? '').error.Error).toBe(expected);
  });

  it('raises a function error under its errorType with the payload as cause', async () => {
    const payload = { errorType: 'GateInconclusive', errorMessage: 'too few samples', trace: [] };
    sandbox.fakes.lambda = () => ({ statusCode: 200, functionError: 'Unhandled', payload, executedVersion: '3' });
    const { description } = await runToEnd(
      await sandbox.createMachine('gate', catchingMachine('arn:aws:states:::lambda:invoke', { FunctionName: 'gate', 'Payload.$': '$' })),
    );
    expect(JSON.parse(description.output ?? '').error).toEqual({ Error: 'GateInconclusive', Cause: JSON.stringify(payload) });
  });

  it('raises Lambda.Unknown for a function error without errorType', async () => {
    sandbox.fakes.lambda = () => ({ statusCode: 200, functionError: 'Unhandled', payload: null, executedVersion: '3' });
    const { description } = await runToEnd(await sandbox.createMachine('gate', catchingMachine('arn:aws:states:::lambda:invoke', { FunctionName: 'gate' })));
    expect(JSON.parse(description.output ?? '').error.Error).toBe('Lambda.Unknown');
  });

  it('passes a plain function ARN the state input and returns its payload', async () => {
    sandbox.fakes.lambda = (_name, payload) => ({ statusCode: 200, payload: { seen: payload }, executedVersion: '1' });
    const arn = await sandbox.createMachine('plain', {
      StartAt: 'F',
      States: { F: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:braid-policy', End: true } },
    });
    const { description } = await runToEnd(arn, { a: 1 });
    expect(sandbox.calls[0]?.target).toBe('arn:aws:lambda:us-east-1:000000000000:function:braid-policy');
    expect(JSON.parse(description.output ?? '')).toEqual({ seen: { a: 1 } });
  });

  it('replaces the state with the result when ResultPath is written out as "$", in a Task and in a Catch', async () => {
    sandbox.fakes.lambda = (name) =>
      name.endsWith('fails')
        ? { statusCode: 200, functionError: 'Unhandled', payload: { errorType: 'Boom', errorMessage: 'no' }, executedVersion: '1' }
        : { statusCode: 200, payload: { replaced: true }, executedVersion: '1' };
    const arn = await sandbox.createMachine('result-path', {
      StartAt: 'Works',
      States: {
        Works: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:works', ResultPath: '$', Next: 'Fails' },
        Fails: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:fails',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    const { description } = await runToEnd(arn, { original: true });
    expect(JSON.parse(description.output ?? '')).toEqual({ Error: 'Boom', Cause: expect.stringContaining('no') });
    const history = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: description.executionArn }));
    const entered = history.events?.find((event) => event.stateEnteredEventDetails?.name === 'Fails');
    expect(JSON.parse(entered?.stateEnteredEventDetails?.input ?? '')).toEqual({ replaced: true });
  });

  it('gives the integration its own copy of the Parameters: what it does to them never reaches the state', async () => {
    sandbox.fakes.sdk = (_service, _action, parameters) => {
      (parameters.Item as { pk: { S: string } }).pk.S = 'changed';
      return { $metadata: {} };
    };
    const arn = await sandbox.createMachine('copy', {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 't', 'Item.$': '$.item' },
          ResultPath: '$.put',
          End: true,
        },
      },
    });
    const { description } = await runToEnd(arn, { item: { pk: { S: 'original' } } });
    expect(JSON.parse(description.output ?? '')).toEqual({ item: { pk: { S: 'original' } }, put: {} });
  });

  it('fails the execution with States.Runtime for a resource it cannot execute, past any Catch', async () => {
    const { description } = await runToEnd(
      await sandbox.createMachine('sqs', catchingMachine('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'q', MessageBody: 'm' })),
    );
    expect(description).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(description.cause).toContain("cannot execute Task resource 'arn:aws:states:::sqs:sendMessage'");
  });
});

describe('TimeoutSeconds', () => {
  /** A callback task nobody answers: it waits in virtual time, so only its timeout ends it. */
  const unanswered = (extra: object) => ({
    StartAt: 'Slow',
    States: {
      Slow: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'slow', Payload: { 'id.$': '$.id', 'token.$': '$$.Task.Token' } },
        ...extra,
        End: true,
      },
      TaskFailed: { Type: 'Fail', Error: 'WrongCatcher' },
      TimedOut: { Type: 'Pass', End: true },
    },
  });

  it('times a task out on the virtual clock; States.TaskFailed does not catch it', async () => {
    const arn = await sandbox.createMachine(
      'slow',
      unanswered({
        TimeoutSeconds: 60,
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], Next: 'TaskFailed' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'TimedOut' },
        ],
      }),
    );
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'x', input: '{"id":1}' }));
    await sandbox.clock.sleep(120_000);
    const description = await sandbox.emulator.waitForExecution(started.executionArn ?? '');
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '').timeout.Error).toBe('States.Timeout');
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    const timedOut = events.find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.timestamp).toEqual(new Date(T0 + 60_000));
  });

  it('resolves TimeoutSecondsPath against the state input, not the Parameters, and keeps it out of the call', async () => {
    const arn = await sandbox.createMachine(
      'path-timeout',
      unanswered({ TimeoutSecondsPath: '$.limits.timeoutSeconds', Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'TimedOut' }] }),
    );
    const started = await sandbox.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'x', input: JSON.stringify({ id: 7, limits: { timeoutSeconds: 30 } }) }),
    );
    await sandbox.clock.sleep(60_000);
    const description = await sandbox.emulator.waitForExecution(started.executionArn ?? '');
    expect(JSON.parse(description.output ?? '').timeout.Error).toBe('States.Timeout');
    expect(sandbox.calls[0]?.payload).toEqual({ id: 7, token: expect.stringMatching(/^AQ/) });
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(events.find((event) => event.type === 'TaskTimedOut')?.timestamp).toEqual(new Date(T0 + 30_000));
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      parameters: expect.not.stringContaining('timeoutSeconds'),
      timeoutInSeconds: 30,
    });
  });

  it('times the whole execution out on the virtual clock (TIMED_OUT)', async () => {
    const arn = await sandbox.createMachine('too-long', { TimeoutSeconds: 300, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100_000, End: true } } });
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'x' }));
    await sandbox.clock.sleep(301_000);
    const description = await sandbox.emulator.waitForExecution(started.executionArn ?? '');
    expect(description).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout', stopDate: new Date(T0 + 300_000) });
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 1 }));
    expect(events[0]?.type).toBe('ExecutionTimedOut');
  });
});

describe('Pass, Wait, Succeed and Fail', () => {
  it('builds a Pass result from Result or Parameters and places it with InputPath, ResultPath and OutputPath', async () => {
    const arn = await sandbox.createMachine('pass', {
      StartAt: 'Fixed',
      States: {
        Fixed: { Type: 'Pass', Result: { fixed: [1, 2] }, ResultPath: '$.fixed', Next: 'Shaped' },
        Shaped: {
          Type: 'Pass',
          InputPath: '$.order',
          Parameters: { 'id.$': '$.id', 'label.$': "States.Format('{}#{}', $$.State.Name, $.id)", static: true },
          ResultPath: '$.shaped',
          Next: 'Dropped',
        },
        Dropped: { Type: 'Pass', Result: 'ignored', ResultPath: null, OutputPath: '$.shaped', Next: 'Done' },
        Done: { Type: 'Succeed', OutputPath: '$.label' },
      },
    });
    const { description } = await runToEnd(arn, { order: { id: 42 } });
    expect(JSON.parse(description.output ?? '')).toBe('Shaped#42');
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: description.executionArn }));
    const exited = (name: string) =>
      JSON.parse(
        events.find((event) => event.type === 'PassStateExited' && event.stateExitedEventDetails?.name === name)?.stateExitedEventDetails?.output ?? '',
      );
    expect(exited('Fixed')).toEqual({ order: { id: 42 }, fixed: { fixed: [1, 2] } });
    expect(exited('Shaped')).toEqual({ order: { id: 42 }, fixed: { fixed: [1, 2] }, shaped: { id: 42, label: 'Shaped#42', static: true } });
    expect(exited('Dropped')).toEqual({ id: 42, label: 'Shaped#42', static: true });
  });

  it('waits until a fixed Timestamp, and not at all for one already past', async () => {
    const arn = await sandbox.createMachine('until', {
      StartAt: 'Until',
      States: {
        Until: { Type: 'Wait', Timestamp: new Date(T0 + 90_000).toISOString().replace('.000', ''), Next: 'Past' },
        Past: { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', End: true },
      },
    });
    const { description } = await runToEnd(arn);
    expect(description.stopDate).toEqual(new Date(T0 + 90_000));
  });

  it('fails with the Error and Cause of a Fail state, fixed, from paths or from intrinsic functions', async () => {
    const arn = await sandbox.createMachine('fail', {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.how', StringEquals: 'path', Next: 'FromPaths' },
            { Variable: '$.how', StringEquals: 'intrinsic', Next: 'FromIntrinsics' },
          ],
          Default: 'Fixed',
        },
        Fixed: { Type: 'Fail', Error: 'Braid.Fixed', Cause: 'fixed cause' },
        FromPaths: { Type: 'Fail', ErrorPath: '$.error', CausePath: '$.detail.cause' },
        FromIntrinsics: { Type: 'Fail', ErrorPath: "States.Format('Braid.{}', $.error)", CausePath: 'States.JsonToString($.detail)' },
      },
    });
    const input = { error: 'GateFailed', detail: { cause: 'errors above 5%' } };
    expect((await runToEnd(arn, { ...input, how: 'fixed' }, 'a')).description).toMatchObject({ status: 'FAILED', error: 'Braid.Fixed', cause: 'fixed cause' });
    expect((await runToEnd(arn, { ...input, how: 'path' }, 'b')).description).toMatchObject({ error: 'GateFailed', cause: 'errors above 5%' });
    expect((await runToEnd(arn, { ...input, how: 'intrinsic' }, 'c')).description).toMatchObject({
      error: 'Braid.GateFailed',
      cause: '{"cause":"errors above 5%"}',
    });
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: `${arn.replace(':stateMachine:', ':execution:')}:b` }));
    expect(events.slice(-2).map((event) => event.type)).toEqual(['FailStateEntered', 'ExecutionFailed']);
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
    const arn = await sandbox.createMachine('choice', {
      StartAt: 'Route',
      States: { Route: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Done' }] }, Done: { Type: 'Succeed' } },
    });
    expect((await runToEnd(arn, { n: 0 })).description).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });
});

describe('the context object', () => {
  it('gives every field AWS documents, in virtual time, with the retry count and a token only for callback tasks', async () => {
    let attempts = 0;
    sandbox.fakes.lambda = (name, payload) => {
      attempts += 1;
      if (name === 'flaky' && attempts === 1) return { statusCode: 200, functionError: 'Unhandled', payload: { errorType: 'Busy' }, executedVersion: '1' };
      return { statusCode: 200, payload, executedVersion: '1' };
    };
    const arn = await sandbox.createMachine('context', {
      StartAt: 'Later',
      States: {
        Later: { Type: 'Wait', Seconds: 30, Next: 'Flaky' },
        Flaky: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'flaky', 'Payload.$': '$$' },
          Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 10 }],
          ResultSelector: { 'seen.$': '$.Payload' },
          End: true,
        },
      },
    });
    const { description } = await runToEnd(arn, { target: 'checkout:live' }, 'op-ctx');
    const seen = JSON.parse(description.output ?? '').seen;
    expect(seen).toEqual({
      Execution: {
        Id: description.executionArn,
        Input: { target: 'checkout:live' },
        Name: 'op-ctx',
        RoleArn: 'arn:aws:iam::000000000000:role/braid-states',
        StartTime: new Date(T0).toISOString(),
        RedriveCount: 0,
      },
      State: { EnteredTime: new Date(T0 + 30_000).toISOString(), Name: 'Flaky', RetryCount: 1 },
      StateMachine: { Id: arn, Name: 'context' },
    });
    expect(sandbox.calls.map((call) => call.atMs - T0)).toEqual([30_000, 40_000]);
  });

  it('fails with States.Runtime when a non-callback task reads $$.Task.Token', async () => {
    const arn = await sandbox.createMachine('no-token', {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } }, End: true },
      },
    });
    expect((await runToEnd(arn)).description).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: expect.stringContaining("'$$.Task.Token'") });
  });
});

describe('Retry and Catch', () => {
  const flakyMachine = {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:000000000000:function:braid-call',
        Retry: [
          { ErrorEquals: ['Busy'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 1 },
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 },
        ],
        Catch: [
          { ErrorEquals: ['Busy'], ResultPath: '$.busy', Next: 'GaveUp' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.other', Next: 'Other' },
        ],
        End: true,
      },
      GaveUp: { Type: 'Pass', End: true },
      Other: { Type: 'Pass', End: true },
    },
  };
  const failWith = (errorType: string) => () => ({
    statusCode: 200,
    functionError: 'Unhandled',
    payload: { errorType, errorMessage: 'no' },
    executedVersion: '1',
  });

  it('retries with the first matching retrier, then hands the failure to the first matching catcher; each retry is a billed transition', async () => {
    sandbox.fakes.lambda = failWith('Busy');
    const { arn, description } = await runToEnd(await sandbox.createMachine('flaky', flakyMachine), { n: 1 });
    expect(JSON.parse(description.output ?? '')).toEqual({ n: 1, busy: { Error: 'Busy', Cause: JSON.stringify({ errorType: 'Busy', errorMessage: 'no' }) } });
    expect(sandbox.calls.map((call) => call.atMs - T0)).toEqual([0, 5_000, 10_000]);
    expect(sandbox.emulator.describeExecutionStats(arn)).toEqual({ stateTransitions: 4, byState: { Call: 3, GaveUp: 1 } });
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      ...Array(3).fill(['TaskScheduled', 'TaskStarted', 'TaskFailed']).flat(),
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('uses the States.ALL retrier and catcher for other errors', async () => {
    sandbox.fakes.lambda = failWith('Boom');
    const { description } = await runToEnd(await sandbox.createMachine('flaky', flakyMachine), { n: 1 });
    expect(JSON.parse(description.output ?? '').other.Error).toBe('Boom');
    expect(sandbox.calls).toHaveLength(2);
  });

  it('catches States.ResultPathMatchFailure; not States.Runtime from a missing path, nor States.DataLimitExceeded', async () => {
    sandbox.fakes.lambda = (name) => ({ statusCode: 200, payload: name.endsWith('big') ? 'x'.repeat(300_000) : 'small', executedVersion: '1' });
    const machine = (resultPath: string, functionName = 'braid-call') => ({
      ...flakyMachine,
      States: {
        ...flakyMachine.States,
        Call: { ...flakyMachine.States.Call, Resource: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`, Retry: [], ResultPath: resultPath },
      },
    });
    const mismatch = await runToEnd(await sandbox.createMachine('mismatch', machine('$.list.x')), { list: [1] });
    expect(JSON.parse(mismatch.description.output ?? '').other.Error).toBe('States.ResultPathMatchFailure');
    const big = await runToEnd(await sandbox.createMachine('big', machine('$.r', 'big')), {});
    expect(big.description).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const missing = await runToEnd(
      await sandbox.createMachine('missing', {
        ...machine('$.r'),
        States: { ...machine('$.r').States, Call: { ...machine('$.r').States.Call, InputPath: '$.absent' } },
      }),
      {},
    );
    expect(missing.description).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('virtual time and work in flight', () => {
  it('does not move while a task is in flight, however long it takes in real time, and says what holds it', async () => {
    await sandbox.close();
    const reports: string[] = [];
    sandbox = await startStepFunctionsSandbox(7, { stallReportMs: 100, reportStall: (message) => reports.push(message) });
    let finish!: (value: LambdaInvocation) => void;
    sandbox.fakes.lambda = () => new Promise<LambdaInvocation>((resolve) => (finish = resolve));
    const arn = await sandbox.createMachine('slow', {
      StartAt: 'Slow',
      States: { Slow: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:slow', TimeoutSeconds: 5, End: true } },
    });
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'hung' }));
    const sleeper = sandbox.clock.sleep(60_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sandbox.clock.nowMs()).toBe(T0);
    expect(reports[0]).toMatch(/virtual time has stood still at 2026-01-01T00:00:00.000Z .* held by: Step Functions execution hung of slow, state Slow/);
    finish({ statusCode: 200, payload: { done: true }, executedVersion: '1' });
    await sleeper;
    const description = await sandbox.emulator.waitForExecution(started.executionArn ?? '');
    expect(description).toMatchObject({ status: 'SUCCEEDED', stopDate: new Date(T0) });
  });

  it('stops a hung task with StopExecution, and time moves again', async () => {
    sandbox.fakes.lambda = () => new Promise<LambdaInvocation>(() => undefined);
    const arn = await sandbox.createMachine('hung', {
      StartAt: 'Slow',
      States: { Slow: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:slow', End: true } },
    });
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'hung' }));
    const sleeper = sandbox.clock.sleep(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox.clock.nowMs()).toBe(T0);
    await sandbox.sfn.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Stuck', cause: 'operator' }));
    await sleeper;
    expect(sandbox.clock.nowMs()).toBe(T0 + 60_000);
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(events.map((event) => event.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'ExecutionAborted']);
  });
});
