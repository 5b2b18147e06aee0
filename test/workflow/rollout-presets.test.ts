import { afterEach, describe, expect, it } from 'vitest';
import { CODEDEPLOY_PRESETS, type PresetName } from '../../functions/core/strategy-presets.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';

/** Each CodeDeploy preset, run on the real ASL: exactly its weights, each held for exactly its bake. */
let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const START = Date.parse('2026-01-01T00:00:00Z') + 120_000; // after the scenario's warm-up

describe.each(Object.keys(CODEDEPLOY_PRESETS) as PresetName[])('%s', (preset) => {
  it('shifts through exactly its documented weights, each held for its bake, then promotes', async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary', (s) => (s.targets[0].strategy = { preset })));
    const { operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });

    const steps = CODEDEPLOY_PRESETS[preset];
    const updates = fixture.sandbox.journal.entries().filter((entry) => entry.service === 'lambda' && entry.action === 'UpdateAlias');
    const weights = updates.map((entry) =>
      entry.detail.functionVersion === '2' ? 100 : Math.round(Number((entry.detail.additionalVersionWeights as Record<string, number>)['2']) * 100),
    );
    expect(weights).toEqual(steps.map((step) => step.weight));
    // Step k starts when the bakes of the steps before it are over (the sandbox's tasks take no virtual time).
    const expectedStarts = steps.map((_, k) => START + steps.slice(0, k).reduce((sum, step) => sum + step.bakeSeconds * 1000, 0));
    expect(updates.map((entry) => entry.atMs)).toEqual(expectedStarts);
    expect(operation?.status).toBe('promoted');
  });
});
