import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStepFunctionsSandbox, T0, type StepFunctionsSandbox } from './stepfunctions-fixture.js';

let sandbox: StepFunctionsSandbox;
beforeEach(async () => {
  sandbox = await startStepFunctionsSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

/** An approval step: notify a Lambda with the token, then wait for the decision. */
const approvalMachine = (extra: object = {}) => ({
  StartAt: 'AwaitApproval',
  States: {
    AwaitApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'braid-notify', Payload: { 'taskToken.$': '$$.Task.Token', 'operation.$': '$.operation' } },
      ResultPath: '$.decision',
      TimeoutSeconds: 3600,
      ...extra,
      End: true,
    },
  },
});

/** Waits until the fake Lambda has received `count` tokens, and returns them. */
async function tokens(count: number): Promise<string[]> {
  for (let tries = 0; tries < 200; tries += 1) {
    const seen = sandbox.calls.map((call) => (call.payload as { taskToken?: string }).taskToken).filter((token): token is string => typeof token === 'string');
    if (seen.length >= count) return seen;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the task never received ${count} token(s)`);
}

async function start(definition: object, input: object = { operation: 'op-1' }): Promise<string> {
  const arn = await sandbox.createMachine('approval', definition);
  const started = await sandbox.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'op-1', input: JSON.stringify(input) }));
  return started.executionArn ?? '';
}

describe('.waitForTaskToken', () => {
  it('hands the task a token and resumes with the output of SendTaskSuccess', async () => {
    const executionArn = await start(approvalMachine());
    const [token = ''] = await tokens(1);
    expect(token).toMatch(/^AQ[\w-]{80,}$/);
    expect(sandbox.emulator.describeExecution(executionArn).status).toBe('RUNNING');
    await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true, by: 'alice' }) }));
    const description = await sandbox.emulator.waitForExecution(executionArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toEqual({ operation: 'op-1', decision: { approved: true, by: 'alice' } });
    expect(sandbox.journal.entries().map((entry) => entry.action)).toEqual(['StartExecution', 'SendTaskSuccess', 'ExecutionSucceeded']);
  });

  it('fails the task with the error and cause of SendTaskFailure', async () => {
    const executionArn = await start(approvalMachine());
    const [token = ''] = await tokens(1);
    await sandbox.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'bob: error budget exhausted' }));
    expect(await sandbox.emulator.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'bob: error budget exhausted' });
  });

  it('refuses a token it never issued with InvalidToken', async () => {
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: 'AQforged', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('refuses a used token with TaskTimedOut', async () => {
    const executionArn = await start(approvalMachine());
    const [token = ''] = await tokens(1);
    await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await sandbox.emulator.waitForExecution(executionArn);
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(sandbox.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Late' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuses output that is not JSON with InvalidOutput and keeps waiting', async () => {
    const executionArn = await start(approvalMachine());
    const [token = ''] = await tokens(1);
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'approved' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
    expect(sandbox.emulator.describeExecution(executionArn).status).toBe('RUNNING');
    await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    expect((await sandbox.emulator.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('gives a retried callback task a new token and retires the old one', async () => {
    const executionArn = await start(approvalMachine({ Retry: [{ ErrorEquals: ['NotifyAgain'], IntervalSeconds: 30, MaxAttempts: 1 }] }));
    const [first = ''] = await tokens(1);
    await sandbox.sfn.send(new SendTaskFailureCommand({ taskToken: first, error: 'NotifyAgain' }));
    const [, second = ''] = await tokens(2);
    expect(second).not.toBe(first);
    expect(sandbox.calls[1]?.atMs).toBe(T0 + 30_000);
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"approved":true}' }));
    expect((await sandbox.emulator.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('times the task out after TimeoutSeconds of virtual time, not real time', async () => {
    const machine = approvalMachine({ Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Expired' }] });
    const executionArn = await start({ ...machine, States: { ...machine.States, Expired: { Type: 'Pass', End: true } } });
    const [token = ''] = await tokens(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sandbox.emulator.describeExecution(executionArn).status).toBe('RUNNING');
    await sandbox.clock.sleep(3600_000);
    const description = await sandbox.emulator.waitForExecution(executionArn);
    expect(JSON.parse(description.output ?? '').timedOut.Error).toBe('States.Timeout');
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('fails the task with States.HeartbeatTimeout when heartbeats stop', async () => {
    const executionArn = await start(approvalMachine({ HeartbeatSeconds: 60 }));
    const [token = ''] = await tokens(1);
    await sandbox.clock.sleep(50_000);
    await sandbox.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sandbox.clock.sleep(50_000);
    expect(sandbox.emulator.describeExecution(executionArn).status).toBe('RUNNING');
    await sandbox.clock.sleep(20_000);
    expect(await sandbox.emulator.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('passes the token to an aws-sdk integration too', async () => {
    const executionArn = await start({
      StartAt: 'Announce',
      States: {
        Announce: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken',
          Parameters: { Entries: [{ Source: 'braid', DetailType: 'ApprovalRequested', Detail: { 'taskToken.$': '$$.Task.Token' } }] },
          End: true,
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const call = sandbox.calls[0];
    expect(call?.target).toBe('eventbridge:putEvents');
    const token = (call?.payload as { Entries: { Detail: { taskToken: string } }[] }).Entries[0]?.Detail.taskToken ?? '';
    await sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":1}' }));
    expect((await sandbox.emulator.waitForExecution(executionArn)).output).toBe('{"ok":1}');
  });

  it('retires the token of a stopped execution', async () => {
    const executionArn = await start(approvalMachine());
    const [token = ''] = await tokens(1);
    await sandbox.sfn.send(new StopExecutionCommand({ executionArn, error: 'Aborted', cause: 'operator abort' }));
    await expect(sandbox.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });
});
