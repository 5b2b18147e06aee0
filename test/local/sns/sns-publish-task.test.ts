import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import { SnsEmulator } from '../../../local/sns/sns-emulator.js';
import { snsPublishParameters, snsPublishResult } from '../../../local/sns/sns-publish-task.js';
import { startStepFunctionsSandbox, type StepFunctionsSandbox } from '../stepfunctions/stepfunctions-fixture.js';

describe('snsPublishParameters', () => {
  it('serialises a non-string Message to JSON text and keeps string ones as they are', () => {
    expect(snsPublishParameters({ TopicArn: 't', Message: { alarm: 'errors', weight: 0.1 } })).toEqual({
      TopicArn: 't',
      Message: '{"alarm":"errors","weight":0.1}',
    });
    expect(snsPublishParameters({ TopicArn: 't', Message: '{"already":"text"}', Subject: 's' })).toEqual({
      TopicArn: 't',
      Message: '{"already":"text"}',
      Subject: 's',
    });
    expect(snsPublishParameters({ TopicArn: 't', Message: 42 }).Message).toBe('42');
  });

  it('turns base64 BinaryValue attributes into bytes and leaves string attributes alone', () => {
    const input = snsPublishParameters({
      Message: 'm',
      MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: 'AQID' }, target: { DataType: 'String', StringValue: 'checkout:live' } },
    });
    expect(input.MessageAttributes).toEqual({
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
      target: { DataType: 'String', StringValue: 'checkout:live' },
    });
  });
});

describe('snsPublishResult', () => {
  it('adds the SDK metadata Step Functions returns, without $metadata', () => {
    expect(snsPublishResult({ MessageId: 'm-1', $metadata: { httpStatusCode: 200, requestId: 'r-1' } })).toEqual({
      MessageId: 'm-1',
      SdkHttpMetadata: { HttpHeaders: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': 'r-1' }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: 'r-1' },
    });
  });
});

describe('arn:aws:states:::sns:publish in an execution', () => {
  let states: StepFunctionsSandbox;
  let server: SandboxServer;
  let sns: SnsEmulator;
  let client: SNSClient;

  beforeEach(async () => {
    states = await startStepFunctionsSandbox();
    sns = new SnsEmulator({ clock: states.clock, journal: states.journal, newMessageId: () => 'message-1' });
    server = await startSandboxServer([sns]);
    client = new SNSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
    // What the sandbox's callAwsSdk does for service `sns`: the real PublishCommand, Step Functions' shapes around it.
    states.fakes.sdk = async (service, action, parameters) => {
      if (service !== 'sns' || action !== 'publish') throw new Error(`unexpected ${service}:${action}`);
      return snsPublishResult(await client.send(new PublishCommand(snsPublishParameters(parameters) as unknown as PublishCommand['input'])));
    };
  });
  afterEach(async () => {
    client.destroy();
    await server.close();
    await states.close();
  });

  const notifyMachine = (topicArn: string) => ({
    StartAt: 'Notify',
    States: {
      Notify: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: {
          TopicArn: topicArn,
          Subject: 'Braid remediation',
          'Message.$': '$.detail',
          MessageAttributes: { target: { DataType: 'String', 'StringValue.$': '$.target' } },
        },
        ResultPath: '$.notification',
        Catch: [{ ErrorEquals: ['SNS.NotFoundException'], ResultPath: '$.error', Next: 'NoTopic' }],
        End: true,
      },
      NoTopic: { Type: 'Pass', End: true },
    },
  });

  async function run(topicArn: string) {
    const machineArn = await states.createMachine('notify', notifyMachine(topicArn));
    const input = { target: 'checkout:live', detail: { alarm: 'checkout-errors', action: 'rollback' } };
    const started = await states.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'run-1', input: JSON.stringify(input) }));
    const description = await states.emulator.waitForExecution(started.executionArn ?? '');
    return JSON.parse(description.output ?? 'null') as { notification?: unknown; error?: unknown };
  }

  it('publishes an object Message as JSON text and returns MessageId with the SDK metadata', async () => {
    const topicArn = sns.createTopic('braid-remediation');
    const output = await run(topicArn);
    expect(output.notification).toMatchObject({
      MessageId: 'message-1',
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(sns.published()).toEqual([
      {
        messageId: 'message-1',
        topicArn,
        subject: 'Braid remediation',
        message: '{"alarm":"checkout-errors","action":"rollback"}',
        atMs: states.clock.nowMs(),
        attributes: { target: { dataType: 'String', value: 'checkout:live' } },
      },
    ]);
  });

  it('fails with SNS.NotFoundException, which Catch can route, when the topic does not exist', async () => {
    const output = await run('arn:aws:sns:us-east-1:000000000000:missing');
    expect(output.error).toEqual({ Error: 'SNS.NotFoundException', Cause: 'Topic does not exist' });
    expect(sns.published()).toEqual([]);
  });
});
