import { describe, expect, it } from 'vitest';
import { decideOutcome } from '../../../functions/core/operation-lifecycle.js';
import type { RolloutState } from '../../../functions/core/rollout-state.js';

const base: RolloutState = { operationId: 'op', targetName: 't', newVersion: '2' };
const running: RolloutState = { ...base, lease: { epoch: 1 }, alias: { functionVersion: '1', revisionId: 'r' } };

describe('decideOutcome', () => {
  it('is promoted only when the plan completed without error', () => {
    expect(decideOutcome({ ...running, shift: { action: 'complete', index: 2 } })).toEqual({ status: 'promoted', reason: 'every step passed its gate' });
  });

  it('is refused when the lease was held by another operation', () => {
    const cause = JSON.stringify({ errorType: 'Braid.TargetBusy', errorMessage: 'Target "t" is busy' });
    expect(decideOutcome({ ...base, error: { Error: 'Braid.TargetBusy', Cause: cause } })).toEqual({
      status: 'refused',
      reason: 'Braid.TargetBusy: Target "t" is busy',
    });
  });

  it('is failed when preflight stopped it before any change', () => {
    expect(decideOutcome({ ...base, lease: { epoch: 1 }, error: { Error: 'Braid.AliasState', Cause: 'no alias' } }).status).toBe('failed');
  });

  it('is failed, with the error, when a pre-traffic hook stopped it after the snapshot and before any step', () => {
    const cause = JSON.stringify({ errorType: 'Braid.HookFailed', errorMessage: 'pre-traffic hook smoke failed: cart is empty' });
    expect(decideOutcome({ ...running, error: { Error: 'Braid.HookFailed', Cause: cause } })).toEqual({
      status: 'failed',
      reason: 'Braid.HookFailed: pre-traffic hook smoke failed: cart is empty',
    });
  });

  it('is rolled back after a restore, naming the failing gate', () => {
    expect(
      decideOutcome({
        ...running,
        gate: { verdict: 'fail', index: 0, attempt: 1, next: 'rollback', recheckSeconds: 60, interim: false, command: null },
        restore: {
          action: 'restore',
          functionVersion: '1',
          routingConfig: { AdditionalVersionWeights: {} },
          revisionId: 'r',
          final: true,
          waitSeconds: 0,
          progress: { fromWeight: 0.1, step: 1 },
        },
      }),
    ).toEqual({
      status: 'rolled_back',
      reason: 'gate fail at step 1',
    });
  });

  it('needs a human when compensation was flagged or failed', () => {
    expect(decideOutcome({ ...running, restore: { action: 'flag', reason: 'drift' } }).status).toBe('needs_human');
    expect(
      decideOutcome({
        ...running,
        restore: {
          action: 'restore',
          functionVersion: '1',
          routingConfig: { AdditionalVersionWeights: {} },
          revisionId: 'r',
          final: true,
          waitSeconds: 0,
          progress: { fromWeight: 0.1, step: 1 },
        },
        compensationError: { Error: 'Lambda.PreconditionFailedException' },
      }).status,
    ).toBe('needs_human');
  });

  it('never calls an unexpected path a success', () => {
    expect(decideOutcome(running).status).toBe('needs_human');
  });
});
