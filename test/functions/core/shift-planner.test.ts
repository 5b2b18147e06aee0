import { describe, expect, it } from 'vitest';
import { planNextShift } from '../../../functions/core/shift-planner.js';

describe('planNextShift', () => {
  const plan = [
    { weight: 10, bakeSeconds: 300 },
    { weight: 50, bakeSeconds: 60 },
  ];

  it('walks shift, shift, promote, complete', () => {
    const decisions = [-1, 0, 1, 2].map((previousIndex) => planNextShift({ plan, previousIndex, primaryVersion: '3', newVersion: '4', nowMs: 5000 }));
    expect(decisions).toEqual([
      {
        action: 'shift',
        index: 0,
        weight: 10,
        bakeSeconds: 300,
        firstWaitSeconds: 300,
        startedAtMs: 5000,
        functionVersion: '3',
        routingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
      },
      {
        action: 'shift',
        index: 1,
        weight: 50,
        bakeSeconds: 60,
        firstWaitSeconds: 60,
        startedAtMs: 5000,
        functionVersion: '3',
        routingConfig: { AdditionalVersionWeights: { '4': 0.5 } },
      },
      {
        action: 'promote',
        index: 2,
        weight: 100,
        bakeSeconds: 0,
        firstWaitSeconds: 0,
        startedAtMs: 5000,
        functionVersion: '4',
        routingConfig: { AdditionalVersionWeights: {} },
      },
      { action: 'complete', index: 3 },
    ]);
  });

  it('keeps the final bake of a declared 100% step', () => {
    expect(planNextShift({ plan: [{ weight: 100, bakeSeconds: 900 }], previousIndex: -1, primaryVersion: '1', newVersion: '2', nowMs: 0 })).toMatchObject({
      action: 'promote',
      bakeSeconds: 900,
    });
  });
});
