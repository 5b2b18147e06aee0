import { describe, expect, it } from 'vitest';
import { recordRepairOutcome } from '../../../../functions/core/remediation/breaker.js';
import { CLOSED_BREAKER } from '../../../../functions/core/remediation/remediation-policy.js';

const policy = { failuresToOpen: 3 };

describe('recordRepairOutcome', () => {
  it('counts failures without opening below the threshold', () => {
    expect(recordRepairOutcome(CLOSED_BREAKER, 'failed', policy, 1)).toEqual({ consecutiveFailures: 1, open: false, justOpened: false });
    expect(recordRepairOutcome({ consecutiveFailures: 1, open: false }, 'failed', policy, 2)).toEqual({
      consecutiveFailures: 2,
      open: false,
      justOpened: false,
    });
  });

  it('opens at exactly failuresToOpen, once', () => {
    const opened = recordRepairOutcome({ consecutiveFailures: 2, open: false }, 'failed', policy, 500);
    expect(opened).toEqual({ consecutiveFailures: 3, open: true, openedAtMs: 500, justOpened: true });
    expect(recordRepairOutcome(opened, 'failed', policy, 900)).toEqual({ consecutiveFailures: 4, open: true, openedAtMs: 500, justOpened: false });
  });

  it('opens on the first failure with a threshold of 1', () => {
    expect(recordRepairOutcome(CLOSED_BREAKER, 'failed', { failuresToOpen: 1 }, 7)).toMatchObject({ open: true, justOpened: true, openedAtMs: 7 });
  });

  it('clears the failure count on a converged repair', () => {
    expect(recordRepairOutcome({ consecutiveFailures: 2, open: false }, 'converged', policy, 1)).toEqual({
      consecutiveFailures: 0,
      open: false,
      justOpened: false,
    });
  });

  it('leaves an open breaker open on a converged repair: only an operator closes it', () => {
    expect(recordRepairOutcome({ consecutiveFailures: 3, open: true, openedAtMs: 500 }, 'converged', policy, 1_000)).toEqual({
      consecutiveFailures: 0,
      open: true,
      openedAtMs: 500,
      justOpened: false,
    });
  });
});
