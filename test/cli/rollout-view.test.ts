import { describe, expect, it } from 'vitest';
import { renderStatus, renderWatchLine } from '../../cli/output/render-rollout.js';
import { createStyle } from '../../cli/output/style.js';
import { summarizeOperation, type RolloutView } from '../../cli/rollout/rollout-view.js';
import type { RemediationOperation } from '../../functions/schema/operation-item.js';

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

describe('the view of a remediation', () => {
  const incident: RemediationOperation = {
    operationId: '01KDVFE2D0407JJMJKPMK31WY6',
    kind: 'remediation',
    targetName: 'checkout:live',
    status: 'converged',
    trigger: 'alarm',
    action: 'rollback',
    incident: { key: 'k', alarmName: 'checkout-live-errors', stateTimestampMs: T0, eventId: 'e', detectedAtMs: T0 + 400 },
    decision: 'auto_repair',
    decisionRule: 'allowed',
    decisionReason: 'Braid will roll back',
    duplicatesSuppressed: 2,
    repairedAtMs: T0 + 1_000,
    convergedAtMs: T0 + 360_400,
    outcomeReason: 'alias moved to version 1',
    createdAtMs: T0 + 400,
    updatedAtMs: T0 + 360_400,
  };

  it('counts timings from the alarm state change and keeps the decision and duplicates', () => {
    expect(summarizeOperation(incident)).toMatchObject({
      kind: 'remediation',
      remediation: {
        trigger: 'alarm',
        alarmName: 'checkout-live-errors',
        action: 'rollback',
        decision: { decision: 'auto_repair', rule: 'allowed', reason: 'Braid will roll back' },
        duplicatesSuppressed: 2,
        timings: { detectSeconds: 0.4, mitigateSeconds: 1, convergeSeconds: 360.4 },
      },
    });
  });

  it('status shows trigger, decision, duplicates and timings instead of steps', () => {
    const view: RolloutView = { ...summarizeOperation(incident), ended: true, execution: null };
    expect(renderStatus(view, createStyle(false))).toBe(
      [
        'remediation 01KDVFE2D0407JJMJKPMK31WY6 of checkout:live (alarm checkout-live-errors → rollback)',
        '  status     CONVERGED — alias moved to version 1',
        '  decision   auto_repair (allowed) — Braid will roll back',
        '  duplicates 2 suppressed',
        '  timings    detect 0.4 s · mitigate 1 s · converge 360.4 s',
        '  created    2026-01-01T00:00:00Z',
        '  updated    2026-01-01T00:06:00Z (t+06:00)',
        '  execution  none (nothing was started)',
      ].join('\n'),
    );
    expect(renderWatchLine(view, createStyle(false))).toBe('t+06:00  CONVERGED  rollback  decided auto_repair  outcome: alias moved to version 1');
  });
});
