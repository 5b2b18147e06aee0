import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../functions/core/errors.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState } from '../../../functions/core/rollout-state.js';

const start: RolloutState = { operationId: 'op', targetName: 't', newVersion: '2' };

describe('inPhase', () => {
  it('hands the state on unchanged when the phase has every field', () => {
    const state: RolloutState = { ...start, lease: { epoch: 2 }, alias: { functionVersion: '1', revisionId: 'r1' }, op: {} as never };
    const leased = inPhase(state, ROLLOUT_PHASES.snapshotted);
    expect(leased).toBe(state);
    expect(leased.lease.epoch).toBe(2);
  });

  it('names every field an earlier state should have set, as a typed input error', () => {
    const attempt = () => inPhase({ ...start, op: {} as never }, ROLLOUT_PHASES.snapshotted);
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(
      'Invalid rollout state: lease: is missing; it is set by an earlier step of the rollout state machine; alias: is missing; it is set by an earlier step of the rollout state machine',
    );
  });

  it('takes null (a JSONPath result that selected nothing) as missing', () => {
    expect(() => inPhase({ ...start, op: null } as never, ROLLOUT_PHASES.prepared)).toThrow(/op: is missing/);
  });
});
