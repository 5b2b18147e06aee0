import { describe, expect, it } from 'vitest';
import { rolloutPlan, routingWeight, validateSteps } from '../../../functions/core/rollout-plan.js';
import { CODEDEPLOY_PRESETS, exponential, linear } from '../../../functions/core/strategy-presets.js';

describe('validateSteps', () => {
  it('accepts increasing whole percentages with bakes >= 0', () => {
    expect(
      validateSteps([
        { weight: 10, bakeSeconds: 300 },
        { weight: 100, bakeSeconds: 0 },
      ]),
    ).toEqual([]);
  });

  it('names every bad field with the value given', () => {
    expect(
      validateSteps([
        { weight: 1.5, bakeSeconds: -1 },
        { weight: 101, bakeSeconds: 0 },
      ]),
    ).toEqual([
      { path: 'steps[0].weight', message: 'must be a whole percentage from 1 to 100, got 1.5' },
      { path: 'steps[0].bakeSeconds', message: 'must be a whole number of seconds >= 0, got -1' },
      { path: 'steps[1].weight', message: 'must be a whole percentage from 1 to 100, got 101' },
    ]);
  });

  it('refuses weights that do not increase', () => {
    expect(
      validateSteps([
        { weight: 50, bakeSeconds: 0 },
        { weight: 50, bakeSeconds: 0 },
      ]),
    ).toEqual([{ path: 'steps[1].weight', message: "must be greater than the previous step's 50, got 50" }]);
  });

  it('refuses an empty list and plans longer than a Standard execution may run', () => {
    expect(validateSteps([])).toEqual([{ path: 'steps', message: 'needs at least one step' }]);
    expect(validateSteps([{ weight: 10, bakeSeconds: 366 * 24 * 3600 }])[0]?.message).toMatch(/more than a Step Functions execution may last/);
  });
});

describe('rolloutPlan', () => {
  it('ends every plan with the promotion to 100%, approval points spelled out', () => {
    expect(rolloutPlan([{ weight: 10, bakeSeconds: 300, approval: true }])).toEqual([
      { weight: 10, bakeSeconds: 300, approval: true },
      { weight: 100, bakeSeconds: 0, approval: false },
    ]);
  });

  it('keeps a declared 100% step and its final bake', () => {
    expect(rolloutPlan([{ weight: 100, bakeSeconds: 600 }])).toEqual([{ weight: 100, bakeSeconds: 600, approval: false }]);
  });
});

describe('routingWeight', () => {
  it('turns percentages into Lambda weights without float noise', () => {
    expect(routingWeight(10)).toBe(0.1);
    expect(routingWeight(33)).toBe(0.33);
    expect(routingWeight(7)).toBe(0.07);
  });
});

describe('CodeDeploy presets', () => {
  it('canary presets are one step then all', () => {
    expect(CODEDEPLOY_PRESETS.Canary10Percent5Minutes).toEqual([
      { weight: 10, bakeSeconds: 300 },
      { weight: 100, bakeSeconds: 0 },
    ]);
    expect(CODEDEPLOY_PRESETS.Canary10Percent30Minutes[0]).toEqual({ weight: 10, bakeSeconds: 1800 });
  });

  it('linear presets step by 10% every interval, then all', () => {
    expect(linear(10, 60).map((step) => step.weight)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(linear(30, 60).map((step) => step.weight)).toEqual([30, 60, 90, 100]);
    expect(CODEDEPLOY_PRESETS.Linear10PercentEvery3Minutes.slice(0, -1).every((step) => step.bakeSeconds === 180)).toBe(true);
  });

  it('exponential strategies multiply the weight at every step', () => {
    expect(exponential(1, 2, 60).map((step) => step.weight)).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
    expect(exponential(5, 3, 120)).toEqual([
      { weight: 5, bakeSeconds: 120 },
      { weight: 15, bakeSeconds: 120 },
      { weight: 45, bakeSeconds: 120 },
      { weight: 100, bakeSeconds: 0 },
    ]);
    expect(validateSteps(exponential(1, 1.1, 60))).toEqual([]);
  });

  it('every preset is a valid strategy', () => {
    for (const steps of Object.values(CODEDEPLOY_PRESETS)) expect(validateSteps(steps)).toEqual([]);
  });
});
