import { describe, expect, it } from 'vitest';
import { describeAudit } from '../../../functions/core/audit-text.js';
import type { AuditKind } from '../../../functions/core/audit.js';

const record = (kind: string, detail: Record<string, unknown>, epoch?: number) => ({ auditId: 'A', kind: kind as AuditKind, operationId: 'op', targetName: 't', atMs: 0, actor: 'braid:test', epoch, detail });

describe('describeAudit', () => {
  it('says what each kind of record means, in one line', () => {
    expect(describeAudit(record('gate.verdict', { step: 0, attempt: 2, verdict: 'inconclusive', summary: 'INSUFFICIENT_DATA: errors' }))).toBe('gate inconclusive on step 1 (evaluation 2): INSUFFICIENT_DATA: errors');
    expect(describeAudit(record('gate.verdict', { step: 1, interim: true, verdict: 'pass', summary: 'all 1 gate alarm(s) OK' }))).toBe('step 2 baking: all 1 gate alarm(s) OK');
    expect(describeAudit(record('gate.verdict', { step: 0, interim: true, verdict: 'fail', summary: 'in ALARM: errors' }))).toBe('gate fail on step 1 during its bake: in ALARM: errors');
    expect(describeAudit(record('hold.requested', { kind: 'approval', index: 1, timeoutSeconds: 3600 }))).toBe('waiting for approval of step 2 (times out in 3600 s)');
    expect(describeAudit(record('hold.decided', { kind: 'approval', index: 0, status: 'gate_failed', by: 'braid:gate-watch', reason: 'alarm' }))).toBe('approval on step 1 gate failed by braid:gate-watch: alarm');
    expect(describeAudit(record('command.recorded', { action: 'promote_full', by: 'alice', reason: 'hotfix' }))).toBe('promote full requested by alice: hotfix');
    expect(describeAudit(record('alias.restore.intended', { from: { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } }, to: { functionVersion: '1', additionalVersionWeights: {} } }))).toBe(
      'roll back: alias 1 + 10% → 2 → 1',
    );
  });

  it('shows the data of a kind it does not know', () => {
    expect(describeAudit(record('future.kind', { a: 1 }))).toBe('{"a":1}');
  });
});
