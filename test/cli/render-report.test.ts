import { describe, expect, it } from 'vitest';
import { renderScenarioReport } from '../../cli/output/render-report.js';
import { createStyle } from '../../cli/output/style.js';
import type { OperationReport, ScenarioReport } from '../../local/simulation/report.js';

const plain = createStyle(false);

const rollout: OperationReport = {
  id: '01KDVDRZ60AJ982Q8DPPGB7V2V',
  kind: 'rollout',
  target: 'checkout:live',
  newVersion: '2',
  status: 'promoted',
  reason: 'every step passed its gate',
  executionStatus: 'SUCCEEDED',
  aliasAtEnd: { functionVersion: '2', additionalVersionWeights: {} },
  stateTransitions: 20,
  stateTransitionsByState: {},
  timeline: [
    { atSeconds: 120, kind: 'audit:operation.created', message: 'rollout to version 2 requested' },
    { atSeconds: 120, kind: 'audit:lease.released', message: 'hidden bookkeeping', bookkeeping: true },
  ],
};

const remediation: OperationReport = {
  id: '01KDVFE2D0407JJMJKPMK31WY6',
  kind: 'remediation',
  target: 'checkout:live',
  status: 'converged',
  reason: 'alias moved to version 1: the alarm has been OK for 300 s (bake 300 s)',
  executionStatus: 'SUCCEEDED',
  aliasAtEnd: { functionVersion: '1', additionalVersionWeights: {} },
  stateTransitions: 13,
  stateTransitionsByState: {},
  timeline: [
    { atSeconds: 1860, kind: 'audit:incident.detected', message: 'incident: alarm checkout-live-errors went to ALARM (detected 0 s later)' },
    { atSeconds: 1860, kind: 'audit:repair.intended', message: 'repair: alias 2 → 1' },
  ],
  remediation: {
    trigger: 'alarm',
    alarmName: 'checkout-live-errors',
    action: 'rollback',
    decision: 'auto_repair',
    duplicatesSuppressed: 2,
    timings: { detectSeconds: 0, mitigateSeconds: 0, convergeSeconds: 360 },
  },
};

function report(operations: OperationReport[], extra: Partial<ScenarioReport> = {}): ScenarioReport {
  return {
    scenario: { name: 'alarm-after-rollout', seed: 11, file: 'x.json' },
    operations,
    finalAliases: { 'checkout:live': { functionVersion: '1', additionalVersionWeights: {} } },
    invariants: [{ id: 'I4', holds: true, detail: '' }],
    stateTransitions: 33,
    traffic: {},
    virtualSeconds: 3600,
    decisions: [],
    operatorActions: [],
    notifications: [],
    rejectedEvents: 0,
    ...extra,
  };
}

describe('renderScenarioReport', () => {
  it('renders a rollout: timeline without bookkeeping, outcome, the alias as the rollout left it; then the final aliases', () => {
    expect(renderScenarioReport(report([rollout]), plain)).toBe(
      [
        '▶ alarm-after-rollout',
        '  rollout 01KDVDRZ60AJ982Q8DPPGB7V2V of checkout:live to version 2',
        '    t+02:00  rollout to version 2 requested',
        '  outcome: PROMOTED — every step passed its gate',
        '  alias when the rollout ended: 2',
        '  final aliases at t+1:00:00:',
        '    checkout:live → 1',
        '  invariants: I4 ✓',
        '  33 state transitions · t+1:00:00 of virtual time · seed 11',
        '',
      ].join('\n'),
    );
  });

  it('renders a remediation with its alarm and action, duplicates, timeline, outcome and timings', () => {
    const lines = renderScenarioReport(report([remediation]), plain).split('\n');
    expect(lines.slice(1, 8)).toEqual([
      '  remediation 01KDVFE2D0407JJMJKPMK31WY6 of checkout:live (alarm checkout-live-errors → rollback)',
      '  duplicates suppressed: 2',
      '    t+31:00  incident: alarm checkout-live-errors went to ALARM (detected 0 s later)',
      '    t+31:00  repair: alias 2 → 1',
      '  outcome: CONVERGED — alias moved to version 1: the alarm has been OK for 300 s (bake 300 s)',
      '  detect 0 s · mitigate 0 s · converge 360 s',
      '  alias when the remediation ended: 1',
    ]);
  });

  it('leaves out duplicates when there were none, and timings that did not happen', () => {
    const manual: OperationReport = {
      ...remediation,
      status: 'ignored',
      reason: 'the global kill switch is on',
      remediation: { trigger: 'manual', action: 'throttle', decision: 'ignore', duplicatesSuppressed: 0, timings: {} },
    };
    const text = renderScenarioReport(report([manual]), plain);
    expect(text).toContain('  remediation 01KDVFE2D0407JJMJKPMK31WY6 of checkout:live (manual → throttle)\n');
    expect(text).toContain('  outcome: IGNORED — the global kill switch is on\n  alias when the remediation ended: 1\n');
    expect(text).not.toContain('duplicates');
    expect(text).not.toContain('mitigate');
  });

  it('says nothing of the alias for an operation that recorded nothing, and lists every target at the end', () => {
    const { aliasAtEnd: _none, ...rejected } = { ...rollout, status: 'rejected', reason: 'Braid.InvalidInput: …', timeline: [] };
    const text = renderScenarioReport(
      report([rejected], {
        finalAliases: {
          'checkout:live': { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
          'cart:live': { functionVersion: '3', additionalVersionWeights: {} },
        },
      }),
      plain,
    );
    expect(text).toContain('  outcome: REJECTED — Braid.InvalidInput: …\n  final aliases at t+1:00:00:\n    checkout:live → 1 + 10% → 2\n    cart:live → 3\n');
    expect(text).not.toContain('ended:');
  });

  it('prints operator actions, notifications and rejected events', () => {
    const text = renderScenarioReport(
      report([remediation], {
        operatorActions: [
          { atSeconds: 1800, action: 'killswitch_on', by: 'alice', reason: 'game day', applied: true, detail: 'global kill switch on' },
          {
            atSeconds: 1900,
            action: 'breaker_reset',
            target: 'nope:live',
            by: 'bob',
            reason: 'x',
            applied: false,
            detail: 'Target "nope:live" is not registered.',
          },
        ],
        notifications: [{ atSeconds: 2220, subject: 'Braid escalation: checkout:live', message: '…' }],
        rejectedEvents: 1,
      }),
      plain,
    );
    expect(text).toContain('  t+30:00  operator alice: killswitch_on — game day (global kill switch on)\n');
    expect(text).toContain('  t+31:40  operator bob: breaker_reset nope:live — x (refused: Target "nope:live" is not registered.)\n');
    expect(text).toContain('  t+37:00  notified: Braid escalation: checkout:live\n');
    expect(text).toContain('  1 event(s) rejected by the detector');
  });
});
