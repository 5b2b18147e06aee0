import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { UnknownTargetError } from '../../functions/core/errors.js';
import { deployOutcome, RolloutNotPromotedError } from '../../functions/rollout/deploy-outcome.js';
import { startOnDeploy } from '../../functions/rollout/start-on-deploy.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** What the RolloutOnDeploy custom resource does, on the sandbox: start once per version, then report the outcome. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function executions(f: RolloutFixture): Promise<number> {
  const { executions = [] } = await f.sandbox.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: f.sandbox.rolloutStateMachineArn }));
  return executions.length;
}

describe('rollouts started by a deployment', () => {
  it('starts one rollout per deployed version, however often CloudFormation asks, and finishes when it promotes', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    const { deps } = fixture.sandbox;
    const first = await startOnDeploy({ targetName: 'checkout:live', version: '2' }, deps);
    expect(first).toMatchObject({ operationId: expect.any(String), reason: 'rollout of version 2 started' });
    while (!(await fixture.sandbox.deps.operations.get(first.operationId!))) await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await startOnDeploy({ targetName: 'checkout:live', version: '2' }, deps);
    expect(again.operationId).toBe(first.operationId);
    expect(await executions(fixture)).toBe(1);
    expect(await deployOutcome(first.operationId, fixture.sandbox.deps)).toBe(false);

    while (fixture.sandbox.stepFunctions.runningExecutions().length > 0) await fixture.sandbox.clock.sleep(60_000);
    expect(await deployOutcome(first.operationId, fixture.sandbox.deps)).toBe(true);
    // A re-deploy of the version the alias is now on starts nothing.
    expect(await startOnDeploy({ targetName: 'checkout:live', version: '2' }, deps)).toEqual({
      operationId: null,
      reason: 'alias live is already on version 2',
    });
    expect(await executions(fixture)).toBe(1);
  });

  it('fails the deployment when the rollout does not promote', async () => {
    fixture = await sandboxFor(exampleScenario('faulty-canary'));
    const { operationId } = await startOnDeploy({ targetName: 'checkout:live', version: '2' }, fixture.sandbox.deps);
    while (fixture.sandbox.stepFunctions.runningExecutions().length > 0) await fixture.sandbox.clock.sleep(60_000);
    const outcome = deployOutcome(operationId, fixture.sandbox.deps);
    await expect(outcome).rejects.toBeInstanceOf(RolloutNotPromotedError);
    await expect(outcome).rejects.toThrow(/ended rolled_back: gate fail at step 1/);
  });

  it('refuses an unknown target and starts nothing', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    await expect(startOnDeploy({ targetName: 'cart:live', version: '2' }, fixture.sandbox.deps)).rejects.toBeInstanceOf(UnknownTargetError);
    expect(await executions(fixture)).toBe(0);
  });
});
