import { cbor, tag } from '@smithy/core/cbor';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startCloudWatchSandbox, T0, type CloudWatchSandbox } from './cloudwatch-fixture.js';

// botocore (the image's `aws` CLI) speaks Smithy RPC v2 CBOR to CloudWatch; this is its request shape.
let sandbox: CloudWatchSandbox;
beforeEach(async () => {
  sandbox = await startCloudWatchSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

async function call(operation: string, input: Record<string, unknown>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.server.endpoint}/service/GraniteServiceVersion20100801/operation/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', accept: 'application/cbor' },
    body: cbor.serialize(input),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: cbor.deserialize(new Uint8Array(await response.arrayBuffer())) as Record<string, unknown>,
  };
}

const seconds = (ms: number) => tag({ tag: 1, value: ms / 1000 });

it('speaks RPC v2 CBOR with tag-1 timestamps both ways', async () => {
  const put = await call('PutMetricData', { Namespace: 'Braid/Test', MetricData: [{ MetricName: 'Errors', Value: 3, Timestamp: seconds(T0 + 10_000) }] });
  expect(put.status).toBe(200);
  expect(put.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');

  const got = await call('GetMetricData', {
    StartTime: seconds(T0),
    EndTime: seconds(T0 + 60_000),
    MetricDataQueries: [{ Id: 'e', MetricStat: { Metric: { Namespace: 'Braid/Test', MetricName: 'Errors' }, Period: 60, Stat: 'Sum' } }],
  });
  const [result] = got.body.MetricDataResults as Array<{ Timestamps: unknown[]; Values: number[] }>;
  expect(result!.Values).toEqual([3]);
  expect(result!.Timestamps).toEqual([expect.objectContaining({ tag: 1, value: T0 / 1000 })]);
});

it('answers errors with the query-compatible code header', async () => {
  const out = await call('SetAlarmState', { AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' });
  expect(out.status).toBe(404);
  expect(out.headers.get('x-amzn-query-error')).toBe('ResourceNotFound;Sender');
  expect(out.body.__type).toBe('ResourceNotFound');
});
