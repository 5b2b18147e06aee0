import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStepFunctionsSandbox, T0, type StepFunctionsSandbox } from './stepfunctions-fixture.js';

const run = promisify(execFile);

let sandbox: StepFunctionsSandbox;
beforeEach(async () => {
  sandbox = await startStepFunctionsSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

/** Runs until SendTaskSuccess: keeps an execution RUNNING for as long as a test needs. */
const CALLBACK_MACHINE = {
  StartAt: 'Hold',
  States: {
    Hold: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'hold', Payload: { 'taskToken.$': '$$.Task.Token' } },
      End: true,
    },
  },
};
const PASS_MACHINE = {
  StartAt: 'P',
  States: { P: { Type: 'Pass', Result: { done: true }, ResultPath: '$.result', Next: 'W' }, W: { Type: 'Wait', Seconds: 10, End: true } },
};

async function releaseAll(): Promise<void> {
  for (const call of sandbox.calls) {
    const token = (call.payload as { taskToken?: string }).taskToken;
    if (token) await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })).catch(() => undefined);
  }
}

describe('StartExecution', () => {
  it('returns the same execution for the same name and input while it runs', async () => {
    const stateMachineArn = await sandbox.createMachine('rollout', CALLBACK_MACHINE);
    const request = { stateMachineArn, name: 'op-01J', input: '{"target":"checkout:live"}' };
    const first = await sandbox.sfn.send(new StartExecutionCommand(request));
    await sandbox.clock.sleep(5_000);
    const again = await sandbox.sfn.send(new StartExecutionCommand(request));
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:rollout:op-01J');
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: new Date(T0) });
    expect(sandbox.journal.entries().filter((entry) => entry.action === 'StartExecution')).toHaveLength(1);
  });

  it('refuses the same name with a different input while running with ExecutionAlreadyExists', async () => {
    const stateMachineArn = await sandbox.createMachine('rollout', CALLBACK_MACHINE);
    await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1', input: '{"a":1}' }));
    await expect(sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1', input: '{"a":2}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses the same name and input once the execution has closed with ExecutionAlreadyExists', async () => {
    const stateMachineArn = await sandbox.createMachine('quick', PASS_MACHINE);
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1', input: '{}' }));
    await sandbox.emulator.waitForExecution(started.executionArn ?? '');
    await expect(sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1', input: '{}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it.each(['has space', 'alarm:arn', 'a/b', 'x'.repeat(81), 'tab\tname', 'brace{', 'semi;colon', 'back`tick', 'ctl\u0001', ''])(
    'refuses the name %j with InvalidName',
    async (name) => {
      const stateMachineArn = await sandbox.createMachine('quick', PASS_MACHINE);
      await expect(sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '{}' }))).rejects.toMatchObject({ name: 'InvalidName' });
    },
  );

  it('accepts a name of 80 characters with dashes and underscores', async () => {
    const stateMachineArn = await sandbox.createMachine('quick', PASS_MACHINE);
    const name = `op_${'a-'.repeat(38)}ok`.slice(0, 80);
    const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '{}' }));
    expect(started.executionArn).toBe(`arn:aws:states:us-east-1:000000000000:execution:quick:${name}`);
  });

  it.each(['[1,2]', 'not json', '"text"', 'null'])('refuses the input %s with InvalidExecutionInput', async (input) => {
    const stateMachineArn = await sandbox.createMachine('quick', PASS_MACHINE);
    await expect(sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'x', input }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('refuses an unknown state machine with StateMachineDoesNotExist', async () => {
    await expect(
      sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope', name: 'x' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });
});

describe('state machines', () => {
  it('describes and lists what CreateStateMachine registered', async () => {
    const arn = await sandbox.createMachine('quick', PASS_MACHINE);
    const described = await sandbox.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({
      name: 'quick',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: 'arn:aws:iam::000000000000:role/braid-states',
      creationDate: new Date(T0),
    });
    expect(JSON.parse(described.definition ?? '')).toEqual(PASS_MACHINE);
    const listed = await sandbox.sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([arn]);
  });

  it('refuses an invalid definition with InvalidDefinition', async () => {
    const create = (definition: string) =>
      sandbox.sfn.send(new CreateStateMachineCommand({ name: 'bad', definition, roleArn: 'arn:aws:iam::000000000000:role/r' }));
    await expect(create('{"StartAt":"Missing","States":{}}')).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(create('{')).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(create(JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }))).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining('JSONPath only'),
    });
    await expect(create(JSON.stringify({ StartAt: 'Fan', States: { Fan: { Type: 'Parallel', Branches: [], End: true } } }))).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining("state 'Fan' is a Parallel state, which the sandbox does not execute"),
    });
    await expect(sandbox.sfn.send(new ListStateMachinesCommand({}))).resolves.toMatchObject({ stateMachines: [] });
  });
});

describe('executions', () => {
  it('lists executions newest first, filtered by status, a page at a time', async () => {
    const callbackArn = await sandbox.createMachine('rollout', CALLBACK_MACHINE);
    for (const name of ['a', 'b', 'c']) await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: callbackArn, name }));
    await sandbox.sfn.send(new StopExecutionCommand({ executionArn: `${callbackArn.replace(':stateMachine:', ':execution:')}:b` }));
    const running = await sandbox.sfn.send(new ListExecutionsCommand({ stateMachineArn: callbackArn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((execution) => execution.name)).toEqual(['c', 'a']);
    const page1 = await sandbox.sfn.send(new ListExecutionsCommand({ stateMachineArn: callbackArn, maxResults: 2 }));
    expect(page1.executions?.map((execution) => [execution.name, execution.status])).toEqual([
      ['c', 'RUNNING'],
      ['b', 'ABORTED'],
    ]);
    const page2 = await sandbox.sfn.send(new ListExecutionsCommand({ stateMachineArn: callbackArn, maxResults: 2, nextToken: page1.nextToken }));
    expect(page2.executions?.map((execution) => execution.name)).toEqual(['a']);
    expect(page2.nextToken).toBeUndefined();
    await releaseAll();
  });

  it('stops a running execution: ABORTED with error and cause, journaled, no longer running', async () => {
    const stateMachineArn = await sandbox.createMachine('rollout', CALLBACK_MACHINE);
    const { executionArn = '' } = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1' }));
    await sandbox.clock.sleep(2_000);
    expect(sandbox.emulator.runningExecutions()).toEqual([executionArn]);
    const stopped = await sandbox.sfn.send(new StopExecutionCommand({ executionArn, error: 'Braid.Aborted', cause: 'aborted by alice' }));
    expect(stopped.stopDate).toEqual(new Date(T0 + 2_000));
    await sandbox.emulator.waitForExecution(executionArn);
    const described = await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Braid.Aborted', cause: 'aborted by alice', stopDate: new Date(T0 + 2_000) });
    expect(sandbox.emulator.runningExecutions()).toEqual([]);
    const { events = [] } = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(events[0]).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Braid.Aborted', cause: 'aborted by alice' } });
    expect(sandbox.journal.entries().map((entry) => [entry.action, entry.atMs - T0])).toEqual([
      ['StartExecution', 0],
      ['StopExecution', 2_000],
      ['ExecutionAborted', 2_000],
    ]);
  });

  it('stops every running execution at the end of a simulation', async () => {
    const stateMachineArn = await sandbox.createMachine('rollout', CALLBACK_MACHINE);
    const started = await Promise.all(['a', 'b'].map((name) => sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name }))));
    sandbox.emulator.stopRunningExecutions('scenario finished');
    const closed = await Promise.all(started.map((execution) => sandbox.emulator.waitForExecution(execution.executionArn ?? '')));
    expect(closed.map((execution) => [execution.status, execution.cause])).toEqual([
      ['ABORTED', 'scenario finished'],
      ['ABORTED', 'scenario finished'],
    ]);
    expect(sandbox.emulator.runningExecutions()).toEqual([]);
  });

  it('answers ExecutionDoesNotExist and InvalidArn as AWS does', async () => {
    await expect(
      sandbox.sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:none' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sandbox.sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
  });
});

describe('GetExecutionHistory', () => {
  async function finishedExecution(): Promise<string> {
    const stateMachineArn = await sandbox.createMachine('quick', PASS_MACHINE);
    const { executionArn = '' } = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'op-1', input: '{"n":1}' }));
    await sandbox.emulator.waitForExecution(executionArn);
    return executionArn;
  }

  const EXPECTED_TYPES = ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded'];

  it('pages forwards and backwards, with or without execution data', async () => {
    const executionArn = await finishedExecution();
    const first = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4 }));
    const rest = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken: first.nextToken }));
    expect([...(first.events ?? []), ...(rest.events ?? [])].map((event) => event.type)).toEqual(EXPECTED_TYPES);
    expect(rest.nextToken).toBeUndefined();
    const reversed = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(reversed.events?.map((event) => event.type)).toEqual([...EXPECTED_TYPES].reverse());
    const all = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(all.events?.[0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      timestamp: new Date(T0),
      executionStartedEventDetails: { input: '{"n":1}', roleArn: 'arn:aws:iam::000000000000:role/braid-states' },
    });
    expect(all.events?.[2]?.stateExitedEventDetails).toEqual({ name: 'P', output: '{"n":1,"result":{"done":true}}', outputDetails: { truncated: false } });
    const withoutData = await sandbox.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(withoutData.events?.[2]?.stateExitedEventDetails).toEqual({ name: 'P', outputDetails: { truncated: false } });
  });

  it('is readable by the aws CLI', async () => {
    const executionArn = await finishedExecution();
    const { stdout } = await run(
      'aws',
      ['--endpoint-url', sandbox.server.endpoint, 'stepfunctions', 'get-execution-history', '--execution-arn', executionArn, '--output', 'json'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'sandbox',
          AWS_SECRET_ACCESS_KEY: 'sandbox',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
        },
        timeout: 30_000,
      },
    );
    const history = JSON.parse(stdout) as { events: { type: string; id: number; stateEnteredEventDetails?: { name: string } }[] };
    expect(history.events.map((event) => event.type)).toEqual(EXPECTED_TYPES);
    expect(history.events[3]).toMatchObject({ id: 4, stateEnteredEventDetails: { name: 'W' } });
  });
});
