import { describe, expect, it } from 'vitest';
import { judgeConvergence, type ConvergenceInput } from '../../../../functions/core/remediation/convergence.js';

const NOW = 1_000_000_000;
const verify = { bakeSeconds: 300, maxChecks: 3, recheckSeconds: 60 };

function look(patch: Partial<ConvergenceInput>): ReturnType<typeof judgeConvergence> {
  return judgeConvergence({ alarmState: 'OK', stateUpdatedMs: NOW - 400_000, nowMs: NOW, checks: 0, verify, ...patch });
}

describe('judgeConvergence', () => {
  it('converges once the alarm has been OK for the whole bake', () => {
    expect(look({})).toEqual({ verdict: 'converged', reason: 'The alarm has been OK for 400 s (bake 300 s).' });
  });

  it('converges when the bake has exactly elapsed', () => {
    expect(look({ stateUpdatedMs: NOW - 300_000 }).verdict).toBe('converged');
  });

  it('waits out the rest of the bake when OK for less, however many looks were made', () => {
    expect(look({ stateUpdatedMs: NOW - 299_999, checks: 10 })).toEqual({
      verdict: 'recheck',
      waitSeconds: 1,
      reason: 'The alarm is OK but only for 299 s of the 300 s bake; looking again in 1 s.',
    });
    expect(look({ stateUpdatedMs: NOW - 120_500 })).toMatchObject({ verdict: 'recheck', waitSeconds: 180 });
    expect(look({ stateUpdatedMs: NOW })).toMatchObject({ verdict: 'recheck', waitSeconds: 300 });
  });

  it('never waits longer than one bake, even when the state timestamp is ahead of the clock', () => {
    expect(look({ stateUpdatedMs: NOW + 3_600_000 })).toMatchObject({ verdict: 'recheck', waitSeconds: 300 });
    expect(look({ stateUpdatedMs: NOW + 1, verify: { ...verify, bakeSeconds: 0 } })).toMatchObject({ verdict: 'recheck', waitSeconds: 1 });
  });

  it('converges at once with no bake', () => {
    expect(look({ stateUpdatedMs: NOW, verify: { ...verify, bakeSeconds: 0 } }).verdict).toBe('converged');
  });

  it('looks again after recheckSeconds while an alarm is not OK and looks remain', () => {
    expect(look({ alarmState: 'ALARM', checks: 0 })).toEqual({
      verdict: 'recheck',
      waitSeconds: 60,
      reason: 'The alarm is ALARM at look 1 of 3; looking again in 60 s.',
    });
    expect(look({ alarmState: 'INSUFFICIENT_DATA', checks: 1 })).toMatchObject({ verdict: 'recheck', waitSeconds: 60 });
  });

  it('gives up at the last look', () => {
    expect(look({ alarmState: 'ALARM', checks: 2 })).toEqual({
      verdict: 'not_converged',
      reason: 'The alarm is still ALARM after 3 looks (at most 3): the repair did not converge.',
    });
    expect(look({ alarmState: 'INSUFFICIENT_DATA', checks: 0, verify: { ...verify, maxChecks: 1 } }).verdict).toBe('not_converged');
  });
});
