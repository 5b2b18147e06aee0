import { describe, expect, it } from 'vitest';
import { decideLease, leaseDurationMs, LEASE_MARGIN_MS } from '../../../functions/core/lease.js';

describe('decideLease', () => {
  it('grants epoch 1 on a target never leased', () => {
    expect(decideLease(undefined, 'op-a', 0)).toEqual({ grant: true, epoch: 1 });
  });

  it('refuses while another operation holds an unexpired lease', () => {
    expect(decideLease({ targetName: 't', holder: 'op-a', epoch: 4, expiresAtMs: 1000 }, 'op-b', 999)).toEqual({ grant: false, holder: 'op-a' });
  });

  it('grants a higher epoch once the holder released or its lease expired', () => {
    expect(decideLease({ targetName: 't', epoch: 4 }, 'op-b', 0)).toEqual({ grant: true, epoch: 5 });
    expect(decideLease({ targetName: 't', holder: 'op-a', epoch: 4, expiresAtMs: 1000 }, 'op-b', 1000)).toEqual({ grant: true, epoch: 5 });
  });

  it('holds a lease for every bake plus a margin', () => {
    expect(leaseDurationMs([{ weight: 10, bakeSeconds: 300 }])).toBe(300_000 + LEASE_MARGIN_MS);
  });

  it('covers only the bakes still ahead, one wait for a person and a round of re-evaluations', () => {
    const plan = [
      { weight: 10, bakeSeconds: 300 },
      { weight: 50, bakeSeconds: 600 },
      { weight: 100, bakeSeconds: 0 },
    ];
    expect(leaseDurationMs(plan, 1, { holdTimeoutSeconds: 3600, maxInconclusive: 3, recheckSeconds: 60 })).toBe((600 + 3600 + 180) * 1000 + LEASE_MARGIN_MS);
  });
});
