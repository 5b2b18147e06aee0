import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS, type AuditKind } from '../../../functions/core/audit.js';
import { checkInvariants, type InvariantInput } from '../../../local/simulation/invariants.js';
import type { AliasFact, AuditFact } from '../../../local/simulation/journal-facts.js';

const targets = new Map([['checkout:live', { functionName: 'checkout', aliasName: 'live' }]]);
let seq = 0;

function audit(kind: AuditKind, operationId: string, detail: Record<string, unknown> = {}, epoch?: number): AuditFact {
  seq += 1;
  return { seq, record: { auditId: String(seq), kind, operationId, targetName: 'checkout:live', atMs: seq * 1000, actor: 'test', epoch, detail } };
}

function update(functionVersion: string, weights: Record<string, number> = {}): AliasFact {
  seq += 1;
  return { seq, atMs: seq * 1000, action: 'UpdateAlias', functionName: 'checkout', alias: 'live', functionVersion, additionalVersionWeights: weights };
}

const shiftIntent = (op: string, step: number, functionVersion: string, weights: Record<string, number>, epoch = 1) =>
  audit(AUDIT_KINDS.aliasShiftIntended, op, { step, action: step === 1 ? 'promote' : 'shift', functionVersion, additionalVersionWeights: weights }, epoch);

/** A clean canary: lease, 10%, pass, promote, pass, finish, release. */
function cleanRun(): InvariantInput {
  seq = 0;
  const audits: AuditFact[] = [];
  const aliasChanges: AliasFact[] = [];
  audits.push(audit(AUDIT_KINDS.leaseAcquired, 'A', { expiresAtMs: 10_000_000 }, 1));
  audits.push(shiftIntent('A', 0, '1', { '2': 0.1 }));
  aliasChanges.push(update('1', { '2': 0.1 }));
  audits.push(audit(AUDIT_KINDS.gateVerdict, 'A', { step: 0, verdict: 'pass' }));
  audits.push(shiftIntent('A', 1, '2', {}));
  aliasChanges.push(update('2'));
  audits.push(audit(AUDIT_KINDS.gateVerdict, 'A', { step: 1, verdict: 'pass' }));
  audits.push(audit(AUDIT_KINDS.operationFinished, 'A', { status: 'promoted' }, 1));
  audits.push(audit(AUDIT_KINDS.leaseReleased, 'A', {}, 1));
  return {
    audits,
    aliasChanges,
    targets,
    operations: [{ operationId: 'A', kind: 'rollout', targetName: 'checkout:live', status: 'promoted', stableVersion: '1', newVersion: '2' }],
  };
}

const holds = (input: InvariantInput) => Object.fromEntries(checkInvariants(input).map((check) => [check.id, check.holds]));

describe('checkInvariants', () => {
  it('holds for a clean canary', () => {
    expect(holds(cleanRun())).toEqual({ I1: true, I2: true, I3: true, I4: true, I5: true });
  });

  it('I3 breaks when an alias update has no audit record before it', () => {
    const input = cleanRun();
    const audits = input.audits.filter((fact) => !(fact.record.kind === AUDIT_KINDS.aliasShiftIntended && fact.record.detail.step === 1));
    const checks = checkInvariants({ ...input, audits });
    expect(checks.find((check) => check.id === 'I3')).toMatchObject({ holds: false, detail: expect.stringContaining('no audit record written before them') });
  });

  it('I3 breaks when the audit record comes after the update', () => {
    const input = cleanRun();
    const late = input.audits.map((fact) =>
      fact.record.kind === AUDIT_KINDS.aliasShiftIntended && fact.record.detail.step === 0 ? { ...fact, seq: 100 } : fact,
    );
    expect(holds({ ...input, audits: late }).I3).toBe(false);
  });

  it('I5 breaks when a weight increase follows a failing gate', () => {
    const input = cleanRun();
    const audits = input.audits.map((fact) =>
      fact.record.kind === AUDIT_KINDS.gateVerdict && fact.record.detail.step === 0
        ? { ...fact, record: { ...fact.record, detail: { step: 0, verdict: 'fail' } } }
        : fact,
    );
    expect(checkInvariants({ ...input, audits }).find((check) => check.id === 'I5')).toMatchObject({
      holds: false,
      detail: 'A moved to step 2 after a fail verdict on step 1',
    });
  });

  it("I5 does not count a look during the bake as the step's verdict", () => {
    const input = cleanRun();
    const audits = input.audits.map((fact) =>
      fact.record.kind === AUDIT_KINDS.gateVerdict && fact.record.detail.step === 0
        ? { ...fact, record: { ...fact.record, detail: { step: 0, verdict: 'pass', interim: true } } }
        : fact,
    );
    expect(holds({ ...input, audits }).I5).toBe(false);
  });

  it('I1 breaks when a second operation takes a held lease or mutates with a stale epoch', () => {
    const input = cleanRun();
    const intruder = audit(AUDIT_KINDS.leaseAcquired, 'B', { expiresAtMs: 10_000_000 }, 2);
    const taken = { ...intruder, seq: 2.5 };
    expect(holds({ ...input, audits: [...input.audits, taken].sort((a, b) => a.seq - b.seq) }).I1).toBe(false);
  });

  it('I2 breaks when an operation ends with the alias split', () => {
    const input = cleanRun();
    const aliasChanges = [input.aliasChanges[0]!];
    const audits = input.audits.filter((fact) => !(fact.record.kind === AUDIT_KINDS.aliasShiftIntended && fact.record.detail.step === 1));
    const checks = checkInvariants({ ...input, audits, aliasChanges });
    expect(checks.find((check) => check.id === 'I2')).toMatchObject({ holds: false, detail: 'A ended promoted with the alias on 1 + 10% → 2' });
  });

  it('I2 accepts a split alias only on an operation flagged for a human', () => {
    const input = cleanRun();
    const aliasChanges = [input.aliasChanges[0]!];
    const operations = [{ ...input.operations[0]!, status: 'needs_human' as const }];
    expect(holds({ ...input, aliasChanges, operations }).I2).toBe(true);
  });
});
