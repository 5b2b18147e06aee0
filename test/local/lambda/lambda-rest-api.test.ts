import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaFixture, type LambdaFixture } from './lambda-fixture.js';

const run = promisify(execFile);
let fx: LambdaFixture;

beforeAll(async () => {
  fx = await startLambdaFixture();
  fx.emulator.createFunction({ name: 'checkout', behaviour: { errorRate: 0, latencyMs: { mean: 20 } } });
  fx.emulator.publishVersion('checkout');
  fx.emulator.publishVersion('checkout', { behaviour: { errorRate: 1, latencyMs: { mean: 20 } } });
  fx.emulator.createAlias('checkout', 'live', '1', { '2': 0.1 }, 'production');
});

afterAll(async () => {
  await fx.close();
});

/** Runs the machine's `aws` CLI against the sandbox with dummy credentials. */
async function aws(...args: string[]): Promise<unknown> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const { stdout } = await run('aws', ['--endpoint-url', fx.server.endpoint, '--output', 'json', 'lambda', ...args], { env });
  return JSON.parse(stdout);
}

describe('the aws CLI', () => {
  it('reads an alias with get-alias', async () => {
    expect(await aws('get-alias', '--function-name', 'checkout', '--name', 'live')).toEqual({
      AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:live',
      Name: 'live',
      FunctionVersion: '1',
      Description: 'production',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      RevisionId: fx.emulator.getAlias('checkout', 'live').revisionId,
    });
  });

  it('lists aliases and versions', async () => {
    const aliases = (await aws('list-aliases', '--function-name', 'checkout')) as { Aliases: { Name: string }[] };
    expect(aliases.Aliases.map((alias) => alias.Name)).toEqual(['live']);
    const versions = (await aws('list-versions-by-function', '--function-name', 'checkout')) as { Versions: { Version: string }[] };
    expect(versions.Versions.map((version) => version.Version)).toEqual(['$LATEST', '1', '2']);
  });

  it('reports a missing alias as ResourceNotFoundException', async () => {
    const failure = await aws('get-alias', '--function-name', 'checkout', '--name', 'ghost').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(255);
    expect(failure?.stderr).toContain('(ResourceNotFoundException) when calling the GetAlias operation: Alias not found');
  });
});

describe('the wire', () => {
  it('answers Invoke with X-Amz-Executed-Version and, on failure, X-Amz-Function-Error', async () => {
    const response = await fetch(`${fx.server.endpoint}/2015-03-31/functions/checkout/invocations?Qualifier=2`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-executed-version')).toBe('2');
    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await response.json()).toMatchObject({ errorType: 'SimulatedError' });
  });

  it('accepts Event and DryRun invocations with 202 and 204', async () => {
    const before = fx.metrics.length;
    const event = await fetch(`${fx.server.endpoint}/2015-03-31/functions/checkout/invocations`, {
      method: 'POST',
      headers: { 'x-amz-invocation-type': 'Event' },
      body: '{}',
    });
    expect(event.status).toBe(202);
    expect(fx.metrics.length).toBe(before + 3);
    const dryRun = await fetch(`${fx.server.endpoint}/2015-03-31/functions/checkout/invocations`, {
      method: 'POST',
      headers: { 'x-amz-invocation-type': 'DryRun' },
    });
    expect(dryRun.status).toBe(204);
    expect(fx.metrics.length).toBe(before + 3);
  });

  it("answers errors in Lambda's REST-JSON error shape", async () => {
    const response = await fetch(`${fx.server.endpoint}/2015-03-31/functions/nope/aliases/live`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await response.json()).toEqual({ Type: 'User', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope' });
  });

  it('names the action it does not implement', async () => {
    const response = await fetch(`${fx.server.endpoint}/2015-03-31/functions/checkout/policy`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await response.json()) as { message: string }).message).toContain('GET /2015-03-31/functions/checkout/policy');
  });

  it('claims only Lambda function routes', () => {
    const request = (path: string) => ({ method: 'POST', path, query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0) });
    expect(fx.emulator.accepts(request('/2017-10-31/functions/checkout/concurrency'))).toBe(true);
    expect(fx.emulator.accepts(request('/'))).toBe(false);
    expect(fx.emulator.accepts(request('/service/GraniteServiceVersion20100801/operation/PutMetricData'))).toBe(false);
  });
});
