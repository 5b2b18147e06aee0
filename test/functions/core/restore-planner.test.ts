import { describe, expect, it } from 'vitest';
import { describeRouting, planRestore } from '../../../functions/core/restore-planner.js';

const snapshot = { functionVersion: '1', additionalVersionWeights: {} };
const plan = [{ weight: 10, bakeSeconds: 300 }];

describe('planRestore', () => {
  it('does nothing when the alias is already on its snapshot', () => {
    expect(planRestore({ snapshot, current: { ...snapshot, revisionId: 'r' }, newVersion: '2', plan })).toEqual({
      action: 'none',
      reason: 'alias already on its snapshot',
    });
  });

  it('restores a routing Braid set, fenced by the revision just read', () => {
    const current = { functionVersion: '1', additionalVersionWeights: { '2': 0.1 }, revisionId: 'r7' };
    expect(planRestore({ snapshot, current, newVersion: '2', plan })).toEqual({
      action: 'restore',
      functionVersion: '1',
      routingConfig: { AdditionalVersionWeights: {} },
      revisionId: 'r7',
      final: true,
      waitSeconds: 0,
      progress: { fromWeight: 0.1, step: 1 },
    });
  });

  it('restores after a promotion too', () => {
    const current = { functionVersion: '2', additionalVersionWeights: {}, revisionId: 'r8' };
    expect(planRestore({ snapshot, current, newVersion: '2', plan }).action).toBe('restore');
  });

  it('flags, and does not fight, a routing someone else set', () => {
    const current = { functionVersion: '1', additionalVersionWeights: { '3': 0.25 }, revisionId: 'r9' };
    expect(planRestore({ snapshot, current, newVersion: '2', plan })).toEqual({
      action: 'flag',
      reason: 'alias routing 1 + 25% → 3 was not set by this rollout; not restoring over another actor',
    });
  });

  it('trusts a routing Braid itself wrote last, by its revision', () => {
    const current = { functionVersion: '1', additionalVersionWeights: { '2': 0.0333 }, revisionId: 'mine' };
    expect(planRestore({ snapshot, current, newVersion: '2', plan, lastRevisionId: 'mine' }).action).toBe('restore');
    expect(planRestore({ snapshot, current, newVersion: '2', plan, lastRevisionId: 'other' }).action).toBe('flag');
  });

  it('rolls back gradually: even steps down from the current share, then the snapshot', () => {
    const rollback = { gradualSteps: 2, stepSeconds: 60 };
    const first = planRestore({ snapshot, current: { functionVersion: '2', additionalVersionWeights: {}, revisionId: 'a' }, newVersion: '2', plan, rollback });
    expect(first).toMatchObject({
      functionVersion: '1',
      routingConfig: { AdditionalVersionWeights: { '2': 0.666667 } },
      final: false,
      waitSeconds: 60,
      progress: { fromWeight: 1, step: 1 },
    });
    const second = planRestore({
      snapshot,
      current: { functionVersion: '1', additionalVersionWeights: { '2': 0.666667 }, revisionId: 'b' },
      newVersion: '2',
      plan,
      rollback,
      lastRevisionId: 'b',
      progress: { fromWeight: 1, step: 1 },
    });
    expect(second).toMatchObject({ routingConfig: { AdditionalVersionWeights: { '2': 0.333333 } }, final: false, progress: { step: 2 } });
    const last = planRestore({
      snapshot,
      current: { functionVersion: '1', additionalVersionWeights: { '2': 0.333333 }, revisionId: 'c' },
      newVersion: '2',
      plan,
      rollback,
      lastRevisionId: 'c',
      progress: { fromWeight: 1, step: 2 },
    });
    expect(last).toMatchObject({ functionVersion: '1', routingConfig: { AdditionalVersionWeights: {} }, final: true, waitSeconds: 0 });
  });

  it('describes routings for people', () => {
    expect(describeRouting({ functionVersion: '5', additionalVersionWeights: {} })).toBe('5');
    expect(describeRouting({ functionVersion: '5', additionalVersionWeights: { '6': 0.05 } })).toBe('5 + 5% → 6');
  });
});
