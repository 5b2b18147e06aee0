import { describe, expect, it } from 'vitest';
import { CLOSED_BREAKER, decideRemediation, type PolicyInput } from '../../../../functions/core/remediation/remediation-policy.js';
import { resolveRunbook, type RemediationRunbook } from '../../../../functions/core/remediation/runbook.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;
const runbook: RemediationRunbook = resolveRunbook({ alarmNames: ['checkout-errors', 'checkout-latency', 'checkout-5xx'], action: 'rollback' });

function input(patch: Partial<PolicyInput> = {}): PolicyInput {
  return {
    trigger: 'alarm',
    action: 'rollback',
    runbook,
    targetName: 'checkout:live',
    alarmName: 'checkout-errors',
    nowMs: NOW,
    killSwitch: { global: { on: false }, target: { on: false } },
    breaker: CLOSED_BREAKER,
    recentAlarmsMs: [],
    alarmTimeMs: NOW - 5_000,
    buckets: {},
    globalRateLimit: { capacity: 10, refillSeconds: 600 },
    ...patch,
  };
}

describe('decideRemediation', () => {
  it('repairs at once and takes a token from both buckets when nothing stands in the way', () => {
    expect(decideRemediation(input())).toEqual({
      decision: 'auto_repair',
      rule: 'allowed',
      reason: 'Alarm checkout-errors on checkout:live: Braid will roll back to the last known good version (2 of 3 repair tokens left).',
      buckets: { target: { tokens: 2, updatedAtMs: NOW }, global: { tokens: 9, updatedAtMs: NOW } },
    });
  });

  it('asks for approval (tokens taken) when the runbook requires it', () => {
    const decision = decideRemediation(input({ runbook: { ...runbook, requireApproval: true } }));
    expect(decision).toMatchObject({ decision: 'needs_approval', rule: 'approval_required', buckets: { target: { tokens: 2 }, global: { tokens: 9 } } });
    expect(decision.reason).toBe(
      'Alarm checkout-errors on checkout:live: Braid will roll back to the last known good version once a person approves (2 of 3 repair tokens left).',
    );
  });

  describe('kill switches', () => {
    it('escalate without acting when either cannot be read (fail closed)', () => {
      const decision = decideRemediation(input({ killSwitch: { global: { on: false }, target: { unreadable: true, error: 'AccessDenied' } } }));
      expect(decision).toEqual({
        decision: 'escalate',
        rule: 'kill_switch_unreadable',
        reason:
          "Braid could not read the target kill switch (target: AccessDenied), so it will not touch checkout:live until it can; check Braid's control table and repair by hand if needed.",
      });
    });

    it('beat everything else when unreadable, even a switch that is on', () => {
      const decision = decideRemediation(
        input({
          killSwitch: { global: { unreadable: true, error: 'Throttled' }, target: { on: true, by: 'ana', reason: 'freeze', atMs: 0 } },
          breaker: { consecutiveFailures: 3, open: true },
        }),
      );
      expect(decision.rule).toBe('kill_switch_unreadable');
      expect(decision.reason).toContain('the global kill switch (global: Throttled)');
    });

    it('ignore the incident when the global switch is on, saying who and why', () => {
      const decision = decideRemediation(
        input({
          killSwitch: { global: { on: true, by: 'ana@example.com', reason: 'region failover', atMs: Date.UTC(2026, 0, 1, 11) }, target: { on: false } },
          breaker: { consecutiveFailures: 5, open: true },
        }),
      );
      expect(decision).toEqual({
        decision: 'ignore',
        rule: 'kill_switch',
        reason:
          'The global kill switch is on (set by ana@example.com at 2026-01-01T11:00:00.000Z: "region failover"), so Braid leaves checkout:live alone; `braid killswitch off` lifts it.',
      });
    });

    it("ignore the incident when the target's switch is on", () => {
      const decision = decideRemediation(input({ killSwitch: { global: { on: false }, target: { on: true, by: 'bo', reason: 'manual fix', atMs: NOW } } }));
      expect(decision.rule).toBe('kill_switch');
      expect(decision.reason).toMatch(/^The kill switch of checkout:live is on \(set by bo at .*: "manual fix"\)/);
    });
  });

  it('escalates when the breaker is open, telling how to reset it', () => {
    expect(decideRemediation(input({ breaker: { consecutiveFailures: 3, open: true, openedAtMs: Date.UTC(2026, 0, 1, 10) } }))).toEqual({
      decision: 'escalate',
      rule: 'breaker_open',
      reason:
        'The repair breaker of checkout:live is open since 2026-01-01T10:00:00.000Z after 3 failed repairs in a row; Braid will not repair it until someone runs `braid breaker reset checkout:live`.',
    });
    expect(decideRemediation(input({ trigger: 'manual', breaker: { consecutiveFailures: 3, open: true } })).rule).toBe('breaker_open');
  });

  describe('flapping', () => {
    const alarmTimeMs = NOW - 5_000;

    it('escalates when this alarm makes maxAlarms within the window', () => {
      const decision = decideRemediation(input({ alarmTimeMs, recentAlarmsMs: [alarmTimeMs - 10 * MIN, alarmTimeMs - 59 * MIN] }));
      expect(decision).toEqual({
        decision: 'escalate',
        rule: 'flapping',
        reason: '3 alarms on checkout:live within 60 min (limit 3): flapping, so a person should look instead of Braid repairing again.',
      });
    });

    it('does not count an alarm exactly one window before this one', () => {
      expect(decideRemediation(input({ alarmTimeMs, recentAlarmsMs: [alarmTimeMs - 10 * MIN, alarmTimeMs - 60 * MIN] })).rule).toBe('allowed');
      expect(decideRemediation(input({ alarmTimeMs, recentAlarmsMs: [alarmTimeMs - 10 * MIN, alarmTimeMs - 60 * MIN + 1] })).rule).toBe('flapping');
    });

    it('does not count alarms after this one (a late, out-of-order delivery)', () => {
      expect(decideRemediation(input({ alarmTimeMs, recentAlarmsMs: [alarmTimeMs + 1, alarmTimeMs + 2] })).rule).toBe('allowed');
      expect(decideRemediation(input({ alarmTimeMs, recentAlarmsMs: [alarmTimeMs, alarmTimeMs - 1] })).rule).toBe('flapping');
    });

    it('does not apply to manual repairs', () => {
      expect(decideRemediation(input({ trigger: 'manual', alarmTimeMs, recentAlarmsMs: [alarmTimeMs - 1, alarmTimeMs - 2] })).rule).toBe('allowed');
    });
  });

  describe('corroboration', () => {
    const needsTwo = { ...runbook, minAlarms: 2 };

    it('ignores an incident too few alarms agree on', () => {
      expect(decideRemediation(input({ runbook: needsTwo, alarmsInAlarm: 1 }))).toEqual({
        decision: 'ignore',
        rule: 'not_corroborated',
        reason: '1 of 3 alarms in ALARM; the runbook needs 2 before Braid repairs checkout:live.',
      });
    });

    it('repairs once enough alarms agree', () => {
      expect(decideRemediation(input({ runbook: needsTwo, alarmsInAlarm: 2 })).rule).toBe('allowed');
    });

    it('escalates when the alarms could not be read, rather than ignoring a real incident', () => {
      const decision = decideRemediation(input({ runbook: needsTwo }));
      expect(decision).toMatchObject({ decision: 'escalate', rule: 'not_corroborated' });
      expect(decision.reason).toContain("could not read how many of the runbook's 3 alarms are in ALARM");
    });

    it('needs no reading when one alarm is enough, and does not apply to manual repairs', () => {
      expect(decideRemediation(input({ alarmsInAlarm: 0 })).rule).toBe('allowed');
      expect(decideRemediation(input({ runbook: needsTwo, trigger: 'manual', alarmsInAlarm: 0 })).rule).toBe('allowed');
    });
  });

  describe('cooldown', () => {
    it('escalates an alarm that comes back within the cooldown after a repair', () => {
      expect(decideRemediation(input({ lastRepairAtMs: NOW - 12 * MIN }))).toEqual({
        decision: 'escalate',
        rule: 'cooldown',
        reason: 'checkout:live was repaired (rollback) 12 min ago, within its 30 min cooldown, and alarms again: a person should look.',
      });
      expect(decideRemediation(input({ lastRepairAtMs: NOW - 30 * MIN + 1 })).rule).toBe('cooldown');
    });

    it('ends exactly cooldownSeconds after the repair', () => {
      expect(decideRemediation(input({ lastRepairAtMs: NOW - 30 * MIN })).rule).toBe('allowed');
    });

    it('does not apply to manual repairs, nor with a zero cooldown', () => {
      expect(decideRemediation(input({ trigger: 'manual', lastRepairAtMs: NOW - 1 })).rule).toBe('allowed');
      expect(decideRemediation(input({ runbook: { ...runbook, cooldownSeconds: 0 }, lastRepairAtMs: NOW })).rule).toBe('allowed');
    });
  });

  it('escalates a notify-only runbook without taking a token', () => {
    expect(decideRemediation(input({ action: 'notify' }))).toEqual({
      decision: 'escalate',
      rule: 'notify_only',
      reason: 'Alarm checkout-errors on checkout:live: the runbook only notifies, so a person should look.',
    });
    expect(decideRemediation(input({ action: 'notify', trigger: 'manual' })).reason).toBe(
      'Manual repair of checkout:live: the runbook only notifies, so a person should look.',
    );
  });

  describe('rate limits', () => {
    const emptyTarget = { tokens: 0, updatedAtMs: NOW - 10 * MIN };

    it("escalate when the target's bucket is empty, saying when the next repair is allowed", () => {
      expect(decideRemediation(input({ buckets: { target: emptyTarget } }))).toEqual({
        decision: 'escalate',
        rule: 'rate_limited',
        reason:
          'Alarm checkout-errors on checkout:live: checkout:live has used up its repair limit (3, one more every 60 min); the next is allowed at 2026-01-01T12:50:00.000Z, so a person should look.',
      });
    });

    it('escalate when the global bucket is empty, and take nothing from the target', () => {
      const decision = decideRemediation(input({ buckets: { target: { tokens: 3, updatedAtMs: NOW }, global: { tokens: 0, updatedAtMs: NOW - 1_000 } } }));
      expect(decision).toEqual({
        decision: 'escalate',
        rule: 'rate_limited',
        reason:
          "Alarm checkout-errors on checkout:live: Braid's global repair limit (10, one more every 10 min) is used up; the next is allowed at 2026-01-01T12:09:59.000Z, so a person should look.",
      });
      expect(decision).not.toHaveProperty('buckets');
    });

    it('apply to manual repairs too', () => {
      expect(decideRemediation(input({ trigger: 'manual', buckets: { target: emptyTarget } })).rule).toBe('rate_limited');
    });

    it('grant again once a refill period has passed', () => {
      const decision = decideRemediation(
        input({ buckets: { target: { tokens: 0, updatedAtMs: NOW - 60 * MIN }, global: { tokens: 1, updatedAtMs: NOW - 1 } } }),
      );
      expect(decision).toMatchObject({ rule: 'allowed', buckets: { target: { tokens: 0, updatedAtMs: NOW }, global: { tokens: 0, updatedAtMs: NOW - 1 } } });
    });

    it('come after the cheaper refusals, so an ignored incident costs no token', () => {
      expect(decideRemediation(input({ buckets: { target: emptyTarget }, lastRepairAtMs: NOW - MIN })).rule).toBe('cooldown');
      expect(
        decideRemediation(
          input({ buckets: { target: emptyTarget }, killSwitch: { global: { on: true, by: 'a', reason: 'b', atMs: 0 }, target: { on: false } } }),
        ).rule,
      ).toBe('kill_switch');
    });
  });

  it('phrases manual repairs and each action', () => {
    const throttle = resolveRunbook({ alarmNames: ['a'], action: 'throttle', reservedConcurrency: 5 });
    expect(decideRemediation(input({ trigger: 'manual', action: 'throttle', runbook: throttle })).reason).toBe(
      'Manual repair of checkout:live: Braid will throttle to a reserved concurrency of 5 (2 of 3 repair tokens left).',
    );
    expect(decideRemediation(input({ action: 'shift_canary_to_zero' })).reason).toContain('shift the canary to 0%');
    const invoke = resolveRunbook({ alarmNames: ['a'], action: 'invoke_runbook', runbookFunction: 'fix-checkout' });
    expect(decideRemediation(input({ action: 'invoke_runbook', runbook: invoke })).reason).toContain('invoke the runbook function fix-checkout');
  });
});
