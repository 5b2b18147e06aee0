import { describe, expect, it } from 'vitest';
import { planRepair, planUndo, UndoRevisionMissingError, type LiveState, type RepairInput } from '../../../../functions/core/remediation/repair-planner.js';
import { resolveRunbook, type RunbookInput } from '../../../../functions/core/remediation/runbook.js';

const canary: LiveState = {
  alias: { functionVersion: '6', additionalVersionWeights: { '7': 0.1 }, revisionId: 'rev-1' },
  alarmState: 'ALARM',
  lastKnownGood: '6',
};

function input(runbook: Partial<RunbookInput> & Pick<RunbookInput, 'action'>, patch: Partial<RepairInput> = {}): RepairInput {
  return {
    action: runbook.action,
    runbook: resolveRunbook({ alarmNames: ['checkout-errors'], ...runbook }),
    live: canary,
    functionName: 'checkout',
    aliasName: 'live',
    operationId: '01KDVDYEZ0CHSEWWC01EAJGNMQ',
    targetName: 'checkout:live',
    alarmName: 'checkout-errors',
    trigger: 'alarm',
    ...patch,
  };
}

describe('planRepair', () => {
  it('skips an alarm repair when the alarm is OK again', () => {
    expect(planRepair(input({ action: 'rollback' }, { live: { ...canary, alarmState: 'OK' } }))).toEqual({
      kind: 'skip',
      reason: 'Alarm checkout-errors is OK again: checkout:live already converged.',
    });
  });

  it('makes a manual repair even when the alarm is OK', () => {
    expect(planRepair(input({ action: 'rollback' }, { trigger: 'manual', live: { ...canary, alarmState: 'OK' } })).kind).toBe('update_alias');
  });

  it('repairs while the alarm has insufficient data', () => {
    expect(planRepair(input({ action: 'rollback' }, { live: { ...canary, alarmState: 'INSUFFICIENT_DATA' } })).kind).toBe('update_alias');
  });

  describe('rollback', () => {
    it('puts the alias wholly on the last known good version, fenced by the live revision', () => {
      const promoted: LiveState = { ...canary, alias: { functionVersion: '7', additionalVersionWeights: {}, revisionId: 'rev-9' } };
      expect(planRepair(input({ action: 'rollback' }, { live: promoted }))).toEqual({
        kind: 'update_alias',
        before: { functionVersion: '7', additionalVersionWeights: {} },
        after: { functionVersion: '6', additionalVersionWeights: {} },
        params: { FunctionName: 'checkout', Name: 'live', FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: {} }, RevisionId: 'rev-9' },
      });
    });

    it('clears canary weights when the primary is already the known good version', () => {
      const plan = planRepair(input({ action: 'rollback' }));
      expect(plan).toMatchObject({
        kind: 'update_alias',
        before: { functionVersion: '6', additionalVersionWeights: { '7': 0.1 } },
        after: { functionVersion: '6', additionalVersionWeights: {} },
      });
    });

    it('skips when the alias is already wholly on the known good version (a zero weight counts as none)', () => {
      const healthy: LiveState = { ...canary, alias: { functionVersion: '6', additionalVersionWeights: { '7': 0 }, revisionId: 'rev-2' } };
      expect(planRepair(input({ action: 'rollback' }, { live: healthy }))).toEqual({
        kind: 'skip',
        reason: 'checkout:live is already healthy: wholly on its last known good version 6.',
      });
    });

    it('escalates when no known good version is recorded', () => {
      const { lastKnownGood: _unused, ...unknown } = canary;
      expect(planRepair(input({ action: 'rollback' }, { live: unknown }))).toEqual({
        kind: 'escalate',
        reason: 'No known good version is recorded for checkout:live, so Braid cannot tell where to roll back to; roll back by hand.',
      });
    });
  });

  describe('shift_canary_to_zero', () => {
    it('clears the weights and keeps the primary version', () => {
      expect(planRepair(input({ action: 'shift_canary_to_zero' }))).toEqual({
        kind: 'update_alias',
        before: { functionVersion: '6', additionalVersionWeights: { '7': 0.1 } },
        after: { functionVersion: '6', additionalVersionWeights: {} },
        params: { FunctionName: 'checkout', Name: 'live', FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: {} }, RevisionId: 'rev-1' },
      });
    });

    it('skips when there is no canary traffic', () => {
      const whole: LiveState = { ...canary, alias: { functionVersion: '7', additionalVersionWeights: {}, revisionId: 'rev-3' } };
      expect(planRepair(input({ action: 'shift_canary_to_zero' }, { live: whole }))).toEqual({
        kind: 'skip',
        reason: 'checkout:live has no canary traffic to remove: all of it goes to version 7.',
      });
    });
  });

  describe('throttle', () => {
    it('sets the reserved concurrency, remembering there was none', () => {
      expect(planRepair(input({ action: 'throttle', reservedConcurrency: 5 }))).toEqual({
        kind: 'put_concurrency',
        before: null,
        after: 5,
        params: { FunctionName: 'checkout', ReservedConcurrentExecutions: 5 },
      });
    });

    it('remembers the concurrency it replaces, zero included', () => {
      expect(planRepair(input({ action: 'throttle', reservedConcurrency: 5 }, { live: { ...canary, reservedConcurrency: 0 } }))).toMatchObject({
        before: 0,
        after: 5,
      });
    });

    it('skips when the concurrency is already set', () => {
      expect(planRepair(input({ action: 'throttle', reservedConcurrency: 0 }, { live: { ...canary, reservedConcurrency: 0 } }))).toEqual({
        kind: 'skip',
        reason: 'checkout already has a reserved concurrency of 0.',
      });
    });

    it('escalates when an unvalidated runbook sets no concurrency', () => {
      const runbook = { ...resolveRunbook({ alarmNames: ['a'], action: 'rollback' }), action: 'throttle' as const };
      expect(planRepair({ ...input({ action: 'throttle', reservedConcurrency: 1 }), runbook }).kind).toBe('escalate');
    });
  });

  describe('invoke_runbook', () => {
    it('invokes the runbook function with the operation id as idempotency key', () => {
      expect(planRepair(input({ action: 'invoke_runbook', runbookFunction: 'fix-checkout' }))).toEqual({
        kind: 'invoke_runbook',
        params: {
          FunctionName: 'fix-checkout',
          Payload: {
            idempotencyKey: '01KDVDYEZ0CHSEWWC01EAJGNMQ',
            operationId: '01KDVDYEZ0CHSEWWC01EAJGNMQ',
            targetName: 'checkout:live',
            functionName: 'checkout',
            aliasName: 'live',
            alarmName: 'checkout-errors',
            alias: { functionVersion: '6', additionalVersionWeights: { '7': 0.1 } },
          },
        },
      });
    });

    it('leaves the alarm out of a manual repair without one', () => {
      const { alarmName: _unused, ...manual } = input({ action: 'invoke_runbook', runbookFunction: 'fix' }, { trigger: 'manual' });
      const plan = planRepair(manual);
      expect(plan.kind === 'invoke_runbook' && plan.params.Payload).not.toHaveProperty('alarmName');
    });

    it('escalates when an unvalidated runbook names no function', () => {
      const runbook = { ...resolveRunbook({ alarmNames: ['a'], action: 'rollback' }), action: 'invoke_runbook' as const };
      expect(planRepair({ ...input({ action: 'invoke_runbook', runbookFunction: 'x' }), runbook }).kind).toBe('escalate');
    });
  });

  it('plans a notification for notify', () => {
    expect(planRepair(input({ action: 'notify' }))).toEqual({ kind: 'notify' });
  });
});

describe('planUndo', () => {
  it('restores the routing from before, fenced by the revision the repair left', () => {
    const plan = planRepair(input({ action: 'shift_canary_to_zero' }));
    expect(planUndo(plan, 'rev-after')).toEqual({
      kind: 'update_alias',
      params: {
        FunctionName: 'checkout',
        Name: 'live',
        FunctionVersion: '6',
        RoutingConfig: { AdditionalVersionWeights: { '7': 0.1 } },
        RevisionId: 'rev-after',
      },
      restores: { functionVersion: '6', additionalVersionWeights: { '7': 0.1 } },
    });
  });

  it('refuses to plan an alias undo without the revision the repair left', () => {
    const plan = planRepair(input({ action: 'rollback' }));
    expect(() => planUndo(plan)).toThrow(UndoRevisionMissingError);
    expect(() => planUndo(plan)).toThrow('Cannot plan the undo of the repair of checkout:live without the alias revision id the repair left');
  });

  it('puts the old reserved concurrency back, or deletes the one the repair set', () => {
    expect(planUndo(planRepair(input({ action: 'throttle', reservedConcurrency: 5 }, { live: { ...canary, reservedConcurrency: 50 } })))).toEqual({
      kind: 'put_concurrency',
      params: { FunctionName: 'checkout', ReservedConcurrentExecutions: 50 },
    });
    expect(planUndo(planRepair(input({ action: 'throttle', reservedConcurrency: 5 })))).toEqual({
      kind: 'delete_concurrency',
      params: { FunctionName: 'checkout' },
    });
  });

  it('has nothing to undo for skips, escalations, runbook invocations and notifications', () => {
    expect(planUndo({ kind: 'skip', reason: 'x' }, 'rev')).toBeUndefined();
    expect(planUndo({ kind: 'escalate', reason: 'x' })).toBeUndefined();
    expect(planUndo({ kind: 'notify' })).toBeUndefined();
    expect(planUndo(planRepair(input({ action: 'invoke_runbook', runbookFunction: 'fix' })))).toBeUndefined();
  });
});
