import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../functions/core/errors.js';
import type { TargetRecord } from '../../../functions/schema/target-item.js';
import { runbookFor } from '../../../functions/remediation/load-incident.js';

const base: TargetRecord = {
  targetName: 'checkout:live',
  functionName: 'checkout',
  aliasName: 'live',
  gateAlarmNames: ['gate-errors'],
  steps: [{ weight: 100, bakeSeconds: 0 }],
};

describe('runbookFor', () => {
  it("keeps the runbook's own action-specific fields for its own action", () => {
    const target = { ...base, remediation: { alarmNames: ['errors'], action: 'throttle' as const, reservedConcurrency: 3, cooldownSeconds: 60 } };
    expect(runbookFor(target, 'throttle', undefined, 'p')).toMatchObject({
      action: 'throttle',
      reservedConcurrency: 3,
      cooldownSeconds: 60,
      onNotConverged: 'undo',
    });
  });

  it('drops them for a different action asked for by hand, keeping the shared policy', () => {
    const target = {
      ...base,
      remediation: { alarmNames: ['errors'], action: 'throttle' as const, reservedConcurrency: 3, onNotConverged: 'undo' as const, cooldownSeconds: 60 },
    };
    const runbook = runbookFor(target, 'rollback', undefined, 'p');
    expect(runbook).toMatchObject({ action: 'rollback', alarmNames: ['errors'], cooldownSeconds: 60, onNotConverged: 'keep' });
    expect(runbook.reservedConcurrency).toBeUndefined();
  });

  it("watches the target's gate alarms when it has no runbook, and takes a manual throttle's concurrency", () => {
    expect(runbookFor(base, 'throttle', 5, 'p')).toMatchObject({ alarmNames: ['gate-errors'], action: 'throttle', reservedConcurrency: 5 });
  });

  it('refuses a throttle with no concurrency anywhere', () => {
    expect(() => runbookFor(base, 'throttle', undefined, 'repair request')).toThrow(InvalidInputError);
  });
});
