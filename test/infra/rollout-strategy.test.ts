import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../functions/core/errors.js';
import { RolloutStrategy, type RolloutPresetName } from '../../infra/rollout-strategy.js';

describe('RolloutStrategy', () => {
  it('renders the CodeDeploy canary preset as 10 % for 300 s, then 100 %', () => {
    expect(RolloutStrategy.preset('Canary10Percent5Minutes').steps).toEqual([
      { weight: 10, bakeSeconds: 300 },
      { weight: 100, bakeSeconds: 0 },
    ]);
    expect(RolloutStrategy.CANARY_10PERCENT_5MINUTES.steps).toEqual(RolloutStrategy.preset('Canary10Percent5Minutes').steps);
  });

  it('renders the linear preset as nine 60 s steps of 10 %, then 100 %', () => {
    const steps = RolloutStrategy.LINEAR_10PERCENT_EVERY_1MINUTE.steps;
    expect(steps.map((step) => step.weight)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(steps.map((step) => step.bakeSeconds)).toEqual([60, 60, 60, 60, 60, 60, 60, 60, 60, 0]);
  });

  it('renders all-at-once as a single step to 100 %', () => {
    expect(RolloutStrategy.allAtOnce().steps).toEqual([{ weight: 100, bakeSeconds: 0 }]);
    expect(RolloutStrategy.ALL_AT_ONCE.steps).toEqual([{ weight: 100, bakeSeconds: 0 }]);
  });

  it('caps the last linear step at 100 %', () => {
    expect(RolloutStrategy.linear(30, Duration.minutes(2)).steps).toEqual([
      { weight: 30, bakeSeconds: 120 },
      { weight: 60, bakeSeconds: 120 },
      { weight: 90, bakeSeconds: 120 },
      { weight: 100, bakeSeconds: 0 },
    ]);
  });

  it('builds a canary from a percent and a bake', () => {
    expect(RolloutStrategy.canary(5, Duration.minutes(15)).steps).toEqual([
      { weight: 5, bakeSeconds: 900 },
      { weight: 100, bakeSeconds: 0 },
    ]);
  });

  it('takes explicit steps, a missing bake meaning 0 s', () => {
    const strategy = RolloutStrategy.fromSteps([{ weight: 1, bake: Duration.minutes(1) }, { weight: 50 }]);
    expect(strategy.steps).toEqual([
      { weight: 1, bakeSeconds: 60 },
      { weight: 50, bakeSeconds: 0 },
    ]);
  });

  it('freezes its steps', () => {
    const steps = RolloutStrategy.canary(10, Duration.minutes(1)).steps as unknown as Array<{ weight: number }>;
    expect(() => {
      steps[0]!.weight = 99;
    }).toThrow(TypeError);
  });

  it.each([
    ['no steps', () => RolloutStrategy.fromSteps([]), 'Invalid rollout strategy: steps: needs at least one step'],
    [
      'a zero weight',
      () => RolloutStrategy.fromSteps([{ weight: 0 }]),
      'Invalid rollout strategy: steps[0].weight: must be a whole percentage from 1 to 100, got 0',
    ],
    [
      'a weight above 100',
      () => RolloutStrategy.fromSteps([{ weight: 150 }]),
      'Invalid rollout strategy: steps[0].weight: must be a whole percentage from 1 to 100, got 150',
    ],
    [
      'decreasing weights',
      () => RolloutStrategy.fromSteps([{ weight: 20 }, { weight: 10 }]),
      "Invalid rollout strategy: steps[1].weight: must be greater than the previous step's 20, got 10",
    ],
    [
      'a repeated weight',
      () => RolloutStrategy.canary(100, Duration.minutes(5)),
      "Invalid rollout strategy: steps[1].weight: must be greater than the previous step's 100, got 100",
    ],
    [
      'a fractional bake',
      () => RolloutStrategy.canary(10, Duration.millis(1500)),
      'Invalid rollout strategy: bake: must be a whole number of seconds >= 0, got 1.5',
    ],
    [
      'a zero linear increment',
      () => RolloutStrategy.linear(0, Duration.minutes(1)),
      'Invalid rollout strategy: percent: must be a whole percentage from 1 to 100, got 0',
    ],
    [
      'an unknown preset',
      () => RolloutStrategy.preset('Canary50Percent' as RolloutPresetName),
      'Invalid rollout strategy: preset: must be one of Canary10Percent5Minutes, Canary10Percent10Minutes, Canary10Percent15Minutes, Canary10Percent30Minutes, Linear10PercentEvery1Minute, Linear10PercentEvery2Minutes, Linear10PercentEvery3Minutes, Linear10PercentEvery10Minutes, AllAtOnce, got "Canary50Percent"',
    ],
  ])('rejects %s with a clear InvalidInputError', (_case, build, message) => {
    expect(build).toThrow(InvalidInputError);
    expect(build).toThrow(message);
  });

  it('rejects a fractional weight, as CodeDeploy does', () => {
    expect(() => RolloutStrategy.fromSteps([{ weight: 2.5 }])).toThrow(
      'Invalid rollout strategy: steps[0].weight: must be a whole percentage from 1 to 100, got 2.5',
    );
    expect(() => RolloutStrategy.linear(12.5, Duration.minutes(1))).toThrow(
      'Invalid rollout strategy: percent: must be a whole percentage from 1 to 100, got 12.5',
    );
  });

  it('reports every problem of a strategy at once', () => {
    expect(() => RolloutStrategy.fromSteps([{ weight: -1 }, { weight: 200 }])).toThrow(
      'Invalid rollout strategy: steps[0].weight: must be a whole percentage from 1 to 100, got -1; steps[1].weight: must be a whole percentage from 1 to 100, got 200',
    );
  });

  it('builds an exponential strategy, and refuses one that would never reach 100 %', () => {
    expect(RolloutStrategy.exponential(2, 3, Duration.minutes(2)).steps.map((step) => step.weight)).toEqual([2, 6, 18, 54, 100]);
    expect(() => RolloutStrategy.exponential(5, 1, Duration.minutes(1))).toThrow('Invalid rollout strategy: factor: must be greater than 1, got 1');
  });
});
