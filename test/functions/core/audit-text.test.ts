import { describe, expect, it } from 'vitest';
import { describeAudit } from '../../../functions/core/audit-text.js';
import { AUDIT_KINDS, type AuditKind } from '../../../functions/core/audit.js';

const record = (kind: string, detail: Record<string, unknown>, epoch?: number) => ({
  auditId: 'A',
  kind: kind as AuditKind,
  operationId: 'op',
  targetName: 't',
  atMs: 0,
  actor: 'braid:test',
  epoch,
  detail,
});

describe('describeAudit', () => {
  it('says what each kind of record means, in one line', () => {
    expect(describeAudit(record('gate.verdict', { step: 0, attempt: 2, verdict: 'inconclusive', summary: 'INSUFFICIENT_DATA: errors' }))).toBe(
      'gate inconclusive on step 1 (evaluation 2): INSUFFICIENT_DATA: errors',
    );
    expect(describeAudit(record('gate.verdict', { step: 1, interim: true, verdict: 'pass', summary: 'all 1 gate alarm(s) OK' }))).toBe(
      'step 2 baking: all 1 gate alarm(s) OK',
    );
    expect(describeAudit(record('gate.verdict', { step: 0, interim: true, verdict: 'fail', summary: 'in ALARM: errors' }))).toBe(
      'gate fail on step 1 during its bake: in ALARM: errors',
    );
    expect(describeAudit(record('hold.requested', { kind: 'approval', index: 1, timeoutSeconds: 3600 }))).toBe(
      'waiting for approval of step 2 (times out in 3600 s)',
    );
    expect(describeAudit(record('hold.decided', { kind: 'approval', index: 0, status: 'gate_failed', by: 'braid:gate-watch', reason: 'alarm' }))).toBe(
      'approval on step 1 gate failed by braid:gate-watch: alarm',
    );
    expect(describeAudit(record('command.recorded', { action: 'promote_full', by: 'alice', reason: 'hotfix' }))).toBe(
      'promote full requested by alice: hotfix',
    );
    expect(
      describeAudit(
        record('alias.restore.intended', {
          from: { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
          to: { functionVersion: '1', additionalVersionWeights: {} },
        }),
      ),
    ).toBe('roll back: alias 1 + 10% → 2 → 1');
  });

  it('shows the data of a kind it does not know', () => {
    expect(describeAudit(record('future.kind', { a: 1 }))).toBe('{"a":1}');
  });
});

const REMEDIATION_CASES: [string, Record<string, unknown>, string][] = [
  [
    'event.rejected',
    { code: 'Braid.UnknownAlarm', message: 'No target watches alarm "x".', eventId: 'e1' },
    'event rejected (Braid.UnknownAlarm): No target watches alarm "x".',
  ],
  [
    'incident.detected',
    { alarmName: 'checkout-live-errors', reason: 'Threshold Crossed', timeToDetectMs: 420 },
    'incident: alarm checkout-live-errors went to ALARM (detected 0.4 s later)',
  ],
  ['incident.duplicate', { eventId: 'e2', incidentKey: 'k' }, 'duplicate delivery of the incident suppressed (event e2)'],
  ['repair.requested', { action: 'rollback', by: 'alice', reason: 'errors after deploy' }, 'repair rollback requested by alice: errors after deploy'],
  [
    'repair.requested',
    { action: 'throttle', reservedConcurrency: 5, by: 'bob', reason: 'shed load' },
    'repair throttle (reserved concurrency 5) requested by bob: shed load',
  ],
  [
    'remediation.decided',
    { decision: 'auto_repair', rule: 'allowed', reason: 'rollback of checkout:live is allowed', action: 'rollback' },
    'decided auto_repair (allowed): rollback of checkout:live is allowed',
  ],
  [
    'remediation.decided',
    { decision: 'ignore', rule: 'kill_switch', reason: 'the global kill switch is on' },
    'decided ignore (kill_switch): the global kill switch is on',
  ],
  ['repair.skipped', { action: 'rollback', plan: 'skip', reason: 'the alarm is OK again' }, 'repair rollback skipped: the alarm is OK again'],
  [
    'repair.skipped',
    { action: 'rollback', plan: 'escalate', reason: 'no last known good version' },
    'repair rollback not made, escalating: no last known good version',
  ],
  ['repair.skipped', { action: 'notify', plan: 'notify', reason: 'the runbook only notifies' }, 'no repair: the runbook only notifies'],
  [
    'repair.intended',
    {
      action: 'rollback',
      repair: 'update_alias',
      from: { functionVersion: '2', additionalVersionWeights: {} },
      to: { functionVersion: '1', additionalVersionWeights: {} },
    },
    'repair: alias 2 → 1',
  ],
  [
    'repair.intended',
    {
      action: 'shift_canary_to_zero',
      repair: 'update_alias',
      from: { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
      to: { functionVersion: '1', additionalVersionWeights: {} },
    },
    'repair: alias 1 + 10% → 2 → 1',
  ],
  ['repair.intended', { action: 'throttle', repair: 'put_concurrency', from: null, to: 5 }, 'repair: reserved concurrency none → 5'],
  ['repair.intended', { action: 'throttle', repair: 'put_concurrency', from: 50, to: 5 }, 'repair: reserved concurrency 50 → 5'],
  [
    'repair.intended',
    { action: 'invoke_runbook', repair: 'invoke_runbook', functionName: 'flush-cache', idempotencyKey: 'k' },
    'repair: invoke runbook flush-cache',
  ],
  [
    'convergence.checked',
    { check: 2, verdict: 'converged', reason: 'The alarm has been OK for 300 s (bake 300 s).' },
    'convergence check 2: converged — The alarm has been OK for 300 s (bake 300 s).',
  ],
  [
    'convergence.checked',
    { check: 3, verdict: 'not_converged', reason: 'The alarm is still ALARM.' },
    'convergence check 3: not converged — The alarm is still ALARM.',
  ],
  ['repair.undo.intended', { undo: 'update_alias', to: { functionVersion: '2', additionalVersionWeights: {} } }, 'undo: alias back to 2'],
  [
    'repair.undo.intended',
    { undo: 'put_concurrency', params: { FunctionName: 'checkout', ReservedConcurrentExecutions: 50 } },
    'undo: reserved concurrency back to 50',
  ],
  ['repair.undo.intended', { undo: 'delete_concurrency', params: { FunctionName: 'checkout' } }, 'undo: remove the reserved concurrency'],
  [
    'repair.undo.intended',
    { undo: 'none', reason: 'the runbook keeps a repair that did not converge' },
    'no undo: the runbook keeps a repair that did not converge',
  ],
  ['escalation.recorded', { reason: 'the breaker is open', subject: 's', notify: true }, 'escalated: the breaker is open (notified)'],
  [
    'escalation.recorded',
    { reason: 'the breaker is open', subject: 's', notify: false },
    'escalated: the breaker is open (already notified within the quiet window)',
  ],
  ['breaker.changed', { consecutiveFailures: 1, open: false, result: 'failed', opened: false, failuresToOpen: 3 }, 'breaker: 1 failure(s) in a row, closed'],
  [
    'breaker.changed',
    { consecutiveFailures: 3, open: true, openedAtMs: 0, result: 'failed', opened: true, failuresToOpen: 3 },
    'breaker: opened after 3 failures',
  ],
  [
    'breaker.changed',
    { consecutiveFailures: 0, open: false, reset: true, was: { consecutiveFailures: 3, open: true }, by: 'carol', reason: 'runbook fixed' },
    'breaker reset by carol (was open, 3 failure(s) in a row): runbook fixed',
  ],
  ['killswitch.changed', { on: true, scope: 'global', by: 'alice', reason: 'game day' }, 'kill switch (global) on by alice: game day'],
  ['killswitch.changed', { on: false, scope: 'checkout:live', by: 'bob', reason: 'over' }, 'kill switch (checkout:live) off by bob: over'],
  ['known_good.recorded', { current: '2', lastKnownGood: '1', atMs: 0, operationId: 'op' }, 'last known good: 1 (now on 2)'],
  [
    'hold.requested',
    { kind: 'approval', index: 0, timeoutSeconds: 900, repair: 'rollback' },
    'waiting for approval of the repair rollback (times out in 900 s)',
  ],
];

describe('describeAudit on the remediation braid and its controls', () => {
  it.each(REMEDIATION_CASES)('%s: %j', (kind, detail, line) => {
    expect(describeAudit(record(kind, detail))).toBe(line);
  });

  it('covers every remediation kind (none falls back to JSON)', () => {
    const kinds = Object.values(AUDIT_KINDS);
    const remediationKinds = kinds.slice(kinds.indexOf(AUDIT_KINDS.eventRejected));
    expect(remediationKinds).toHaveLength(13);
    expect(remediationKinds.filter((kind) => !REMEDIATION_CASES.some(([covered]) => covered === kind))).toEqual([]);
  });
});
