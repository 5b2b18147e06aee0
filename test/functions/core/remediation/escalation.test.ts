import { describe, expect, it } from 'vitest';
import { escalationMessage, shouldNotify, type EscalationInput } from '../../../../functions/core/remediation/escalation.js';

describe('shouldNotify', () => {
  it('notifies the first time', () => {
    expect(shouldNotify(undefined, 0, 3600)).toBe(true);
  });

  it('stays quiet within the quiet period and notifies again exactly at its end', () => {
    expect(shouldNotify(1_000, 1_000 + 3_599_999, 3600)).toBe(false);
    expect(shouldNotify(1_000, 1_000 + 3_600_000, 3600)).toBe(true);
  });

  it('always notifies with no quiet period', () => {
    expect(shouldNotify(1_000, 1_000, 0)).toBe(true);
  });

  it('notifies when the clock went backwards rather than risk silence', () => {
    expect(shouldNotify(10_000, 5_000, 3600)).toBe(true);
  });
});

const base: EscalationInput = {
  targetName: 'checkout:live',
  operationId: '01KDVDYEZ0CHSEWWC01EAJGNMQ',
  reason: '3 alarms on checkout:live within 60 min (limit 3): flapping, so a person should look instead of Braid repairing again.',
  alarmName: 'checkout-errors',
  trigger: 'alarm',
  atMs: Date.UTC(2026, 0, 1, 0, 5),
};

describe('escalationMessage', () => {
  it('says what happened, why Braid did not fix it, and how to look', () => {
    expect(escalationMessage(base)).toEqual({
      subject: 'Braid needs a person: checkout:live (alarm checkout-errors)',
      message: [
        'Alarm checkout-errors on target checkout:live went to ALARM at 2026-01-01T00:05:00.000Z.',
        '',
        `Why Braid did not fix it: ${base.reason}`,
        '',
        'Operation: 01KDVDYEZ0CHSEWWC01EAJGNMQ',
        'Next steps:',
        '  braid rollout history 01KDVDYEZ0CHSEWWC01EAJGNMQ    # what Braid saw and did',
      ].join('\n'),
    });
  });

  it('points at the breaker reset when the breaker is open', () => {
    const { message } = escalationMessage({ ...base, rule: 'breaker_open' });
    expect(message).toContain('braid breaker reset checkout:live');
    expect(message).not.toContain('killswitch');
  });

  it('points at the kill switch when it is on', () => {
    const { message } = escalationMessage({ ...base, rule: 'kill_switch' });
    expect(message).toContain('braid killswitch off');
    expect(message).not.toContain('breaker reset');
  });

  it('describes a manual repair', () => {
    const { alarmName: _unused, ...manual } = base;
    const { subject, message } = escalationMessage({ ...manual, trigger: 'manual' });
    expect(subject).toBe('Braid needs a person: checkout:live (manual repair)');
    expect(message.split('\n')[0]).toBe('A manual repair of target checkout:live was requested at 2026-01-01T00:05:00.000Z.');
  });

  it('keeps the subject within SNS limits: 100 printable ASCII characters on one line', () => {
    const { subject } = escalationMessage({ ...base, targetName: `caf\u00e9-\n${'x'.repeat(200)}:live` });
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^[\x20-\x7e]+\.\.\.$/);
    expect(subject.startsWith('Braid needs a person: caf?-?xxx')).toBe(true);
  });
});
