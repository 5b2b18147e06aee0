import { describe, expect, it } from 'vitest';
import { renderWatchLine } from '../../cli/output/render-rollout.js';
import { createStyle } from '../../cli/output/style.js';
import { summarizeOperation, type RolloutView } from '../../cli/rollout/rollout-view.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const running = {
  operationId: '01KDVDRZ60V96Y92WBD2B6DXNZ',
  kind: 'rollout' as const,
  targetName: 'checkout:live',
  newVersion: '2',
  status: 'running' as const,
  createdAtMs: T0,
  updatedAtMs: T0 + 120_000,
  currentStep: 0,
  currentWeight: 10,
  stepStartedAtMs: T0 + 120_000,
  stepBakeSeconds: 300,
  planSteps: 2,
};

describe('the live view of a rollout', () => {
  it('shows when the current step stops baking while the rollout runs', () => {
    const summary = summarizeOperation(running);
    expect(summary.step).toEqual({ number: 1, of: 2, weight: 10, bakeUntil: '2026-01-01T00:07:00Z' });
    const view: RolloutView = { ...summary, ended: false, execution: null };
    expect(renderWatchLine(view, createStyle(false))).toBe('t+02:00  RUNNING  step 1 of 2 at 10%  baking until 2026-01-01T00:07:00Z');
  });

  it('drops the bake once the rollout waits or has ended', () => {
    expect(summarizeOperation({ ...running, status: 'awaiting_approval' }).step?.bakeUntil).toBeUndefined();
    expect(summarizeOperation({ ...running, status: 'promoted' }).step?.bakeUntil).toBeUndefined();
  });
});
