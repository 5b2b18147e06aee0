import { describe, expect, it } from 'vitest';
import { remediationTimings } from '../../../functions/core/remediation-timings.js';

describe('remediationTimings', () => {
  it("counts from the alarm's state change, to a tenth of a second", () => {
    expect(
      remediationTimings({ createdAtMs: 1_400, incident: { stateTimestampMs: 1_000, detectedAtMs: 1_420 }, repairedAtMs: 2_061, convergedAtMs: 361_000 }),
    ).toEqual({
      detectSeconds: 0.4,
      mitigateSeconds: 1.1,
      convergeSeconds: 360,
    });
  });

  it('counts a manual repair from its request, and leaves out what did not happen', () => {
    expect(remediationTimings({ createdAtMs: 5_000, repairedAtMs: 5_500 })).toEqual({
      detectSeconds: undefined,
      mitigateSeconds: 0.5,
      convergeSeconds: undefined,
    });
  });
});
