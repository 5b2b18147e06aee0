import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateAliasCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLambdaFixture, type LambdaFixture } from './lambda-fixture.js';

const ROLE = 'arn:aws:iam::000000000000:role/checkout-role';
const healthy = { errorRate: 0, latencyMs: { mean: 40, stdDev: 5 } };

let fx: LambdaFixture;

beforeEach(async () => {
  fx = await startLambdaFixture();
  fx.emulator.createFunction({ name: 'checkout', role: ROLE, behaviour: healthy });
  fx.emulator.publishVersion('checkout'); // "1"
  fx.emulator.publishVersion('checkout', { behaviour: { errorRate: 0.3, latencyMs: { mean: 80 } } }); // "2"
});

afterEach(async () => {
  await fx.close();
});

/** Runs `call` and returns the AWS error it fails with (fails the test if it succeeds). */
async function awsError(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const typed = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: typed.name, status: typed.$metadata?.httpStatusCode, message: typed.message };
  }
  throw new Error('expected the call to fail');
}

function payloadOf(output: InvokeCommandOutput): unknown {
  return JSON.parse(Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8'));
}

describe('aliases over the SDK', () => {
  it('creates, reads, lists, updates and deletes an alias, renewing its revision id on each change', async () => {
    const created = await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1', Description: 'prod' }));
    expect(created).toMatchObject({
      AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:live',
      Name: 'live',
      FunctionVersion: '1',
      Description: 'prod',
    });
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.RevisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const read = await fx.client.send(new GetAliasCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:checkout', Name: 'live' }));
    expect(read.RevisionId).toBe(created.RevisionId);
    expect(read.RoutingConfig).toBeUndefined();

    const updated = await fx.client.send(
      new UpdateAliasCommand({
        FunctionName: 'checkout',
        Name: 'live',
        RevisionId: created.RevisionId,
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      }),
    );
    expect(updated).toMatchObject({ FunctionVersion: '1', Description: 'prod', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } });
    expect(updated.RevisionId).not.toBe(created.RevisionId);

    const promoted = await fx.client.send(
      new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: {} } }),
    );
    expect(promoted.FunctionVersion).toBe('2');
    expect(promoted.RoutingConfig).toBeUndefined();

    await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'beta', FunctionVersion: '1' }));
    const listed = await fx.client.send(new ListAliasesCommand({ FunctionName: 'checkout' }));
    expect(listed.Aliases?.map((alias) => [alias.Name, alias.FunctionVersion])).toEqual([
      ['beta', '1'],
      ['live', '2'],
    ]);
    const onVersion1 = await fx.client.send(new ListAliasesCommand({ FunctionName: 'checkout', FunctionVersion: '1' }));
    expect(onVersion1.Aliases?.map((alias) => alias.Name)).toEqual(['beta']);

    const deleted = await fx.client.send(new DeleteAliasCommand({ FunctionName: 'checkout', Name: 'live' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await awsError(fx.client.send(new GetAliasCommand({ FunctionName: 'checkout', Name: 'live' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'Alias not found: arn:aws:lambda:us-east-1:000000000000:function:checkout:live',
    });
  });

  it('refuses to create an alias that exists with ResourceConflictException (409)', async () => {
    await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1' }));
    const error = await awsError(fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '2' })));
    expect(error).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(fx.emulator.getAlias('checkout', 'live').functionVersion).toBe('1');
  });

  it('answers ResourceNotFoundException (404) for an unknown function, alias or version', async () => {
    expect(await awsError(fx.client.send(new GetAliasCommand({ FunctionName: 'nope', Name: 'live' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    expect(await awsError(fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '9' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:checkout:9',
    });
    expect(await awsError(fx.client.send(new InvokeCommand({ FunctionName: 'checkout:ghost' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(await awsError(fx.client.send(new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'ghost', FunctionVersion: '1' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });

  it('rejects UpdateAlias with a stale RevisionId with PreconditionFailedException (412) and changes nothing', async () => {
    const created = await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1' }));
    const moved = await fx.client.send(
      new UpdateAliasCommand({
        FunctionName: 'checkout',
        Name: 'live',
        RevisionId: created.RevisionId,
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } },
      }),
    );
    const error = await awsError(
      fx.client.send(
        new UpdateAliasCommand({
          FunctionName: 'checkout',
          Name: 'live',
          RevisionId: created.RevisionId,
          RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
        }),
      ),
    );
    expect(error.name).toBe('PreconditionFailedException');
    expect(error.status).toBe(412);
    expect(error.message).toContain(String(created.RevisionId));
    const after = await fx.client.send(new GetAliasCommand({ FunctionName: 'checkout', Name: 'live' }));
    expect(after.RevisionId).toBe(moved.RevisionId);
    expect(after.RoutingConfig?.AdditionalVersionWeights).toEqual({ '2': 0.2 });
  });

  describe('routing rules (InvalidParameterValueException, 400)', () => {
    beforeEach(async () => {
      await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1' }));
    });

    async function rejectedUpdate(functionVersion: string, weights: Record<string, number>, code = 'InvalidParameterValueException'): Promise<string> {
      const before = fx.emulator.getAlias('checkout', 'live');
      const error = await awsError(
        fx.client.send(
          new UpdateAliasCommand({
            FunctionName: 'checkout',
            Name: 'live',
            FunctionVersion: functionVersion,
            RoutingConfig: { AdditionalVersionWeights: weights },
          }),
        ),
      );
      expect(error).toMatchObject({ name: code, status: 400 });
      expect(fx.emulator.getAlias('checkout', 'live')).toEqual(before);
      return error.message;
    }

    it.each([1.5, -0.1])('rejects weight %s as a ValidationException, as the modelled range constraint does', async (weight) => {
      expect(await rejectedUpdate('1', { '2': weight }, 'ValidationException')).toContain(
        `Value '${weight}' at 'routingConfig.additionalVersionWeights.2' failed to satisfy constraint`,
      );
    });

    it('accepts the boundary weights 0 and 1', async () => {
      for (const weight of [0, 1]) {
        const updated = await fx.client.send(
          new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '2': weight } } }),
        );
        expect(updated.RoutingConfig?.AdditionalVersionWeights).toEqual({ '2': weight });
      }
    });

    it('rejects two additional versions', async () => {
      fx.emulator.publishVersion('checkout'); // "3"
      expect(await rejectedUpdate('1', { '2': 0.1, '3': 0.1 })).toContain('at most 1, got 2');
    });

    it('rejects $LATEST as the primary or the additional version of a routed alias', async () => {
      expect(await rejectedUpdate('$LATEST', { '2': 0.1 })).toContain('$LATEST is not supported for an alias pointing to more than 1 version');
      expect(await rejectedUpdate('1', { $LATEST: 0.1 })).toContain('$LATEST is not supported');
    });

    it('accepts $LATEST as the only version of an alias', async () => {
      const created = await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'dev', FunctionVersion: '$LATEST' }));
      expect(created.FunctionVersion).toBe('$LATEST');
    });

    it('rejects an additional version equal to the primary', async () => {
      expect(await rejectedUpdate('1', { '1': 0.1 })).toContain("is the alias's primary version");
    });

    it('rejects an unpublished additional version', async () => {
      expect(await rejectedUpdate('1', { '7': 0.1 })).toContain('Version 7 in AdditionalVersionWeights is not a published version of checkout');
    });

    it('rejects versions with different execution roles', async () => {
      fx.emulator.publishVersion('checkout', { role: 'arn:aws:iam::000000000000:role/other' }); // "3"
      expect(await rejectedUpdate('1', { '3': 0.1 })).toContain('different execution roles');
    });

    it('rejects versions with different dead-letter configs', async () => {
      fx.emulator.publishVersion('checkout', { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' }); // "3"
      expect(await rejectedUpdate('1', { '3': 0.1 })).toContain('different dead-letter configs');
    });

    it('checks CreateAlias by the same rules', async () => {
      const error = await awsError(
        fx.client.send(
          new CreateAliasCommand({ FunctionName: 'checkout', Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 2 } } }),
        ),
      );
      expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
      expect(fx.emulator.listAliases('checkout').map((alias) => alias.name)).toEqual(['live']);
    });
  });
});

describe('functions and versions over the SDK', () => {
  it('creates a function without code and publishes it; an unchanged $LATEST publishes to the same version', async () => {
    const created = await fx.client.send(
      new CreateFunctionCommand({
        FunctionName: 'orders',
        Role: ROLE,
        Runtime: 'nodejs22.x',
        Handler: 'app.handler',
        Code: {},
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
      }),
    );
    expect(created).toMatchObject({
      FunctionName: 'orders',
      Version: '$LATEST',
      Handler: 'app.handler',
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
    });
    const first = await fx.client.send(new PublishVersionCommand({ FunctionName: 'orders' }));
    const again = await fx.client.send(new PublishVersionCommand({ FunctionName: 'orders' }));
    expect([first.Version, again.Version]).toEqual(['1', '1']);
    expect(first.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:orders:1');
    expect(await awsError(fx.client.send(new CreateFunctionCommand({ FunctionName: 'orders', Role: ROLE, Code: {} })))).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
    });
    const functions = await fx.client.send(new ListFunctionsCommand({}));
    expect(functions.Functions?.map((fn) => fn.FunctionName)).toEqual(['checkout', 'orders']);
  });

  it('publishes on create with Publish: true, and refuses PublishVersion with a stale RevisionId (412)', async () => {
    const created = await fx.client.send(new CreateFunctionCommand({ FunctionName: 'orders', Role: ROLE, Code: {}, Publish: true }));
    expect(created.Version).toBe('1');
    const error = await awsError(fx.client.send(new PublishVersionCommand({ FunctionName: 'checkout', RevisionId: 'stale' })));
    expect(error).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    expect(fx.emulator.listVersions('checkout').map((version) => version.version)).toEqual(['$LATEST', '1', '2']);
  });

  it('lists $LATEST and the published versions, paginated', async () => {
    const firstPage = await fx.client.send(new ListVersionsByFunctionCommand({ FunctionName: 'checkout', MaxItems: 2 }));
    expect(firstPage.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '1']);
    expect(firstPage.Versions?.[0]?.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:checkout:$LATEST');
    const secondPage = await fx.client.send(new ListVersionsByFunctionCommand({ FunctionName: 'checkout', Marker: firstPage.NextMarker }));
    expect(secondPage.Versions?.map((version) => version.Version)).toEqual(['2']);
    expect(secondPage.NextMarker).toBeUndefined();
  });

  it('reads the configuration an alias qualifier points at', async () => {
    fx.emulator.createAlias('checkout', 'live', '2');
    const config = await fx.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'checkout', Qualifier: 'live' }));
    expect(config).toMatchObject({ Version: '2', FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:2', Role: ROLE });
    const fn = await fx.client.send(new GetFunctionCommand({ FunctionName: 'checkout:1' }));
    expect(fn.Configuration?.Version).toBe('1');
  });

  it('stores reserved concurrency', async () => {
    await fx.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'checkout', ReservedConcurrentExecutions: 0 }));
    expect((await fx.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'checkout' }))).ReservedConcurrentExecutions).toBe(0);
    expect((await fx.client.send(new GetFunctionCommand({ FunctionName: 'checkout' }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 0 });
    await fx.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'checkout' }));
    expect((await fx.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'checkout' }))).ReservedConcurrentExecutions).toBeUndefined();
    expect(
      fx.journal
        .entries()
        .slice(-2)
        .map((entry) => [entry.action, entry.detail]),
    ).toEqual([
      ['PutFunctionConcurrency', { functionName: 'checkout', reservedConcurrentExecutions: 0 }],
      ['DeleteFunctionConcurrency', { functionName: 'checkout', reservedConcurrentExecutions: null }],
    ]);
  });
});

describe('Invoke', () => {
  it('splits traffic through a weighted alias by its weight and reports the executed version', async () => {
    fx.emulator.createAlias('checkout', 'live', '1', { '2': 0.2 });
    const counts = new Map<string, number>();
    const calls = 1000;
    for (let i = 0; i < calls; i += 1) {
      const output = await fx.client.send(new InvokeCommand({ FunctionName: 'checkout:live', Payload: JSON.stringify({ order: i }) }));
      expect(output.StatusCode).toBe(200);
      counts.set(String(output.ExecutedVersion), (counts.get(String(output.ExecutedVersion)) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['1', '2']);
    // 0.2 × 1000 = 200, binomial standard deviation ≈ 12.6: ±50 is about 4 sigma.
    expect(counts.get('2')).toBeGreaterThan(150);
    expect(counts.get('2')).toBeLessThan(250);
  });

  it('fails a simulated version with its error rate, as an Unhandled function error', async () => {
    let failures = 0;
    const calls = 1000;
    for (let i = 0; i < calls; i += 1) {
      const output = await fx.client.send(new InvokeCommand({ FunctionName: 'checkout', Qualifier: '2' }));
      expect(output.ExecutedVersion).toBe('2');
      if (output.FunctionError !== undefined) {
        failures += 1;
        expect(output.FunctionError).toBe('Unhandled');
        expect(output.StatusCode).toBe(200);
        expect(payloadOf(output)).toMatchObject({ errorType: 'SimulatedError', errorMessage: expect.stringContaining('checkout version 2') });
      }
    }
    // 0.3 × 1000 = 300, standard deviation ≈ 14.5.
    expect(failures).toBeGreaterThan(240);
    expect(failures).toBeLessThan(360);
  });

  it('draws the same versions, errors and latencies for the same seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const other = await startLambdaFixture(seed);
      try {
        other.emulator.createFunction({ name: 'f', behaviour: { errorRate: 0.5, latencyMs: { mean: 50, stdDev: 20 } } });
        other.emulator.publishVersion('f');
        other.emulator.publishVersion('f');
        other.emulator.createAlias('f', 'live', '1', { '2': 0.5 });
        const outcomes: string[] = [];
        for (let i = 0; i < 30; i += 1) {
          const result = await other.emulator.invoke('f:live', {});
          outcomes.push(`${result.executedVersion}/${result.functionError ?? 'ok'}/${result.durationMs}`);
        }
        return outcomes;
      } finally {
        await other.close();
      }
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });

  it('runs a code function: returns its result, and a thrown error becomes Unhandled with the error name', async () => {
    fx.emulator.createFunction({
      name: 'braid-gate',
      handler: async (event) => {
        const { fail } = event as { fail?: boolean };
        if (fail) throw new TypeError('bad input');
        return { verdict: 'pass', echo: event };
      },
    });
    const ok = await fx.client.send(new InvokeCommand({ FunctionName: 'braid-gate', Payload: JSON.stringify({ step: 1 }) }));
    expect(ok.FunctionError).toBeUndefined();
    expect(ok.ExecutedVersion).toBe('$LATEST');
    expect(payloadOf(ok)).toEqual({ verdict: 'pass', echo: { step: 1 } });

    const failed = await fx.client.send(new InvokeCommand({ FunctionName: 'braid-gate', Payload: JSON.stringify({ fail: true }) }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(payloadOf(failed)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });

    const programmatic = await fx.emulator.invoke('braid-gate', { fail: true });
    expect(programmatic).toMatchObject({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled', payload: { errorType: 'TypeError' } });
  });

  it('holds virtual time while a code function runs, also when it is invoked through the Invoke API', async () => {
    const seen: number[] = [];
    fx.emulator.createFunction({
      name: 'slow',
      handler: async () => {
        seen.push(fx.clock.nowMs());
        // Real work (DynamoDB calls, say) takes real milliseconds, many on a busy machine.
        await new Promise((resolve) => setTimeout(resolve, 200));
        seen.push(fx.clock.nowMs());
        return null;
      },
    });
    const invoked = fx.client.send(new InvokeCommand({ FunctionName: 'slow', Payload: '{}' }));
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const sleeper = fx.clock.sleep(3_600_000);
    await invoked;
    await sleeper;
    expect(seen[1]).toBe(seen[0]);
    expect(fx.metrics.find((datum) => datum.metricName === 'Duration' && datum.dimensions.FunctionName === 'slow')?.value).toBe(1);
  });

  it('rejects a qualifier that contradicts the one in the function name', async () => {
    fx.emulator.createAlias('checkout', 'live', '1');
    expect(await awsError(fx.client.send(new InvokeCommand({ FunctionName: 'checkout:live', Qualifier: '2' })))).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
    });
  });

  it('rejects a payload that is not JSON with InvalidRequestContentException', async () => {
    const error = await awsError(fx.client.send(new InvokeCommand({ FunctionName: 'checkout', Payload: new TextEncoder().encode('{not json') })));
    expect(error).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
  });
});

describe('metrics', () => {
  it('publishes Invocations, Errors and Duration per function, per alias and per executed version', async () => {
    fx.emulator.createAlias('checkout', 'live', '2');
    await fx.clock.sleep(5_000);
    const result = await fx.emulator.invoke('checkout:live', {});
    const at = fx.clock.nowMs();
    const byDimensions = (dimensions: Record<string, string>) =>
      fx.metrics
        .filter((datum) => JSON.stringify(datum.dimensions) === JSON.stringify(dimensions))
        .map(({ metricName, value, unit, namespace, timestampMs }) => ({ metricName, value, unit, namespace, timestampMs }));
    const expected = [
      { metricName: 'Invocations', value: 1, unit: 'Count', namespace: 'AWS/Lambda', timestampMs: at },
      { metricName: 'Errors', value: result.functionError ? 1 : 0, unit: 'Count', namespace: 'AWS/Lambda', timestampMs: at },
      { metricName: 'Duration', value: result.durationMs, unit: 'Milliseconds', namespace: 'AWS/Lambda', timestampMs: at },
    ];
    expect(byDimensions({ FunctionName: 'checkout' })).toEqual(expected);
    expect(byDimensions({ FunctionName: 'checkout', Resource: 'checkout:live' })).toEqual(expected);
    expect(byDimensions({ FunctionName: 'checkout', Resource: 'checkout:live', ExecutedVersion: '2' })).toEqual(expected);
    expect(fx.metrics).toHaveLength(9);
    expect(result.durationMs).toBeGreaterThanOrEqual(1);
  });

  it('publishes only the function-wide dimension set for an unqualified call, and counts errors', async () => {
    fx.emulator.createFunction({ name: 'broken', behaviour: { errorRate: 1, latencyMs: { mean: 0 } } });
    const result = await fx.emulator.invoke('broken', {});
    expect(result.functionError).toBe('Unhandled');
    expect(result.durationMs).toBe(1);
    expect(fx.metrics.map((datum) => [datum.metricName, datum.value, datum.dimensions])).toEqual([
      ['Invocations', 1, { FunctionName: 'broken' }],
      ['Errors', 1, { FunctionName: 'broken' }],
      ['Duration', 1, { FunctionName: 'broken' }],
    ]);
  });
});

describe('journal', () => {
  it('records every mutation with the alias state it produced, and nothing for reads or failures', async () => {
    const created = await fx.client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1' }));
    const routed = await fx.client.send(
      new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } } }),
    );
    await fx.client.send(new UpdateAliasCommand({ FunctionName: 'checkout', Name: 'live', RevisionId: 'stale' })).catch(() => undefined);
    await fx.client.send(new GetAliasCommand({ FunctionName: 'checkout', Name: 'live' }));
    await fx.client.send(new DeleteAliasCommand({ FunctionName: 'checkout', Name: 'live' }));

    const entries = fx.journal.entries();
    expect(entries.map((entry) => `${entry.service}:${entry.action}`)).toEqual([
      'lambda:CreateFunction',
      'lambda:PublishVersion',
      'lambda:PublishVersion',
      'lambda:CreateAlias',
      'lambda:UpdateAlias',
      'lambda:DeleteAlias',
    ]);
    expect(entries[0]?.detail).toEqual({ functionName: 'checkout', version: '$LATEST', role: ROLE, deadLetterTargetArn: null });
    expect(entries[2]?.detail).toMatchObject({ functionName: 'checkout', version: '2', role: ROLE });
    expect(entries[3]?.detail).toEqual({
      functionName: 'checkout',
      alias: 'live',
      functionVersion: '1',
      additionalVersionWeights: {},
      revisionId: created.RevisionId,
    });
    expect(entries[4]?.detail).toEqual({
      functionName: 'checkout',
      alias: 'live',
      functionVersion: '1',
      additionalVersionWeights: { '2': 0.25 },
      revisionId: routed.RevisionId,
      previousRevisionId: created.RevisionId,
    });
    expect(entries[5]?.detail).toEqual({
      functionName: 'checkout',
      alias: 'live',
      functionVersion: null,
      additionalVersionWeights: {},
      revisionId: null,
      previousRevisionId: routed.RevisionId,
    });
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
