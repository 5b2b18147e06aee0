import { describe, expect, it } from 'vitest';
import { decideRemediationOutcome, escalationReason } from '../../../functions/core/remediation-outcome.js';
import type { RemediationState } from '../../../functions/core/remediation-state.js';
import type { RepairPlan } from '../../../functions/core/remediation/repair-planner.js';

const decided: RemediationState = {
  operationId: '01JGXYZ0000000000000000000',
  targetName: 'checkout:live',
  trigger: 'alarm',
  decision: { decision: 'auto_repair', rule: 'allowed', reason: 'Alarm checkout-live-errors on checkout:live: Braid will roll back.' },
};

const rollback: RepairPlan = {
  kind: 'update_alias',
  before: { functionVersion: '2', additionalVersionWeights: {} },
  after: { functionVersion: '1', additionalVersionWeights: {} },
  params: { FunctionName: 'checkout', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} }, RevisionId: 'rev-1' },
};
const canaryKept: RepairPlan = { ...rollback, after: { functionVersion: '1', additionalVersionWeights: { '2': 0.05 } } } as RepairPlan;
const throttle: RepairPlan = { kind: 'put_concurrency', before: null, after: 5, params: { FunctionName: 'checkout', ReservedConcurrentExecutions: 5 } };
const runbook: RepairPlan = {
  kind: 'invoke_runbook',
  params: {
    FunctionName: 'checkout-runbook',
    Payload: {
      idempotencyKey: 'op',
      operationId: 'op',
      targetName: 'checkout:live',
      functionName: 'checkout',
      aliasName: 'live',
      alias: { functionVersion: '2', additionalVersionWeights: {} },
    },
  },
};
const converged = { verdict: 'converged', waitSeconds: 0, checks: 1, reason: 'The alarm has been OK for 300 s (bake 300 s).' } as const;
const notConverged = {
  verdict: 'not_converged',
  waitSeconds: 0,
  checks: 3,
  reason: 'The alarm is still ALARM after 3 looks (at most 3): the repair did not converge.',
} as const;
/** The verdict's sentence as it reads inside the escalation's. */
const notConvergedClause = 'the alarm is still ALARM after 3 looks (at most 3): the repair did not converge';

describe('decideRemediationOutcome', () => {
  it('is rejected when a person declined the approval, and the breaker does not count it', () => {
    const state = { ...decided, declined: { Error: 'Braid.Rejected', Cause: 'rejected by carol: a fix is being deployed' } };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'rejected',
      reason: 'repair declined: Braid.Rejected: rejected by carol: a fix is being deployed',
      repairResult: 'none',
    });
  });

  it.each(['Braid.Aborted', 'Braid.HoldTimedOut', 'States.Timeout'])('is rejected when the approval ended with %s', (error) => {
    expect(decideRemediationOutcome({ ...decided, declined: { Error: error } })).toEqual({
      status: 'rejected',
      reason: `repair declined: ${error}: no cause given`,
      repairResult: 'none',
    });
  });

  // A timeout of another task (PrepareRepair's TimeoutSeconds) is caught into $.error, not $.declined: nobody declined.
  it('escalates (does not call declined) a repair whose PrepareRepair task timed out and was escalated', () => {
    const state = {
      ...decided,
      error: { Error: 'States.Timeout', Cause: 'Task timed out after 60 seconds' },
      escalation: {
        notify: true,
        subject: 'Braid needs a person: checkout:live (alarm checkout-live-errors)',
        message: 'm',
        reason: 'Braid could not repair: States.Timeout: Task timed out after 60 seconds',
      },
    };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'escalated',
      reason: 'Braid could not repair: States.Timeout: Task timed out after 60 seconds',
      repairResult: 'none',
    });
  });

  it('reads the message out of a Lambda error cause', () => {
    const state = {
      ...decided,
      declined: { Error: 'Braid.Rejected', Cause: JSON.stringify({ errorType: 'Rejected', errorMessage: 'rejected by dana: not now' }) },
    };
    expect(decideRemediationOutcome(state).reason).toBe('repair declined: Braid.Rejected: rejected by dana: not now');
  });

  it('is converged when the repair was verified, and the breaker counts a success', () => {
    const state = { ...decided, repair: rollback, applied: { revisionId: 'rev-2' }, verify: converged };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'converged',
      reason: 'alias moved to version 1: the alarm has been OK for 300 s (bake 300 s)',
      repairResult: 'converged',
    });
  });

  it('says when a converged alias repair left weights on the alias', () => {
    expect(decideRemediationOutcome({ ...decided, repair: canaryKept, verify: converged }).reason).toBe(
      'alias moved to version 1 with weights: the alarm has been OK for 300 s (bake 300 s)',
    );
  });

  it('does not count watching a converged alarm as a repair', () => {
    const state = { ...decided, repair: { kind: 'watch', reason: 'a rollout held the target' } as const, verify: converged };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'converged',
      reason: 'no repair (another operation changed the target after the alarm): the alarm has been OK for 300 s (bake 300 s)',
      repairResult: 'none',
    });
  });

  it('is skipped when the target had converged before Braid acted', () => {
    const state = { ...decided, repair: { kind: 'skip', reason: 'Alarm checkout-live-errors is OK again: checkout:live already converged.' } as const };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'skipped',
      reason: 'Alarm checkout-live-errors is OK again: checkout:live already converged.',
      repairResult: 'none',
    });
  });

  it('escalates a repair whose call failed, and the breaker counts the failure', () => {
    const state = {
      ...decided,
      repair: runbook,
      error: { Error: 'Error', Cause: JSON.stringify({ errorType: 'Error', errorMessage: 'the runbook could not repair checkout' }) },
    };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'escalated',
      reason: 'runbook checkout-runbook invoked failed: Error: the runbook could not repair checkout',
      repairResult: 'failed',
    });
  });

  it('escalates a repair that did not converge and counts it as failed, whether it was undone or kept', () => {
    const undone = {
      ...decided,
      repair: throttle,
      applied: {},
      verify: notConverged,
      undo: { kind: 'delete_concurrency', params: { FunctionName: 'checkout' } } as const,
      undone: { ok: true },
    };
    expect(decideRemediationOutcome(undone)).toEqual({
      status: 'escalated',
      reason: `reserved concurrency set to 5 did not converge: ${notConvergedClause}; the repair was undone`,
      repairResult: 'failed',
    });
    const kept = {
      ...decided,
      repair: rollback,
      applied: { revisionId: 'rev-2' },
      verify: notConverged,
      undo: { kind: 'none', reason: 'the runbook keeps a repair that did not converge' } as const,
    };
    expect(decideRemediationOutcome(kept)).toEqual({
      status: 'escalated',
      reason: `alias moved to version 1 did not converge: ${notConvergedClause}; the repair was kept`,
      repairResult: 'failed',
    });
  });

  it('prefers the reason the escalation task recorded', () => {
    const state = {
      ...decided,
      repair: throttle,
      applied: {},
      verify: notConverged,
      escalation: { notify: true, subject: 's', message: 'm', reason: 'recorded reason' },
    };
    expect(decideRemediationOutcome(state)).toMatchObject({ status: 'escalated', reason: 'recorded reason', repairResult: 'failed' });
  });

  it('escalates a policy decision without touching the breaker', () => {
    const state: RemediationState = {
      ...decided,
      decision: { decision: 'escalate', rule: 'breaker_open', reason: 'The repair breaker of checkout:live is open.' },
    };
    expect(decideRemediationOutcome(state)).toEqual({ status: 'escalated', reason: 'The repair breaker of checkout:live is open.', repairResult: 'none' });
  });

  it('does not count a repair that never started (target busy) against the breaker', () => {
    const state = { ...decided, error: { Error: 'Braid.TargetBusy', Cause: 'checkout:live is held by 01J…' } };
    expect(decideRemediationOutcome(state)).toEqual({
      status: 'escalated',
      reason: 'Braid could not repair: Braid.TargetBusy: checkout:live is held by 01J…',
      repairResult: 'none',
    });
  });
});

describe('escalationReason', () => {
  it('names an undo that was planned but failed', () => {
    const state = {
      ...decided,
      repair: throttle,
      applied: {},
      verify: notConverged,
      undo: { kind: 'delete_concurrency', params: { FunctionName: 'checkout' } } as const,
      error: { Error: 'Lambda.ServiceException' },
    };
    expect(escalationReason(state)).toBe(`reserved concurrency set to 5 did not converge: ${notConvergedClause}; undoing the repair failed`);
  });

  it('says a repair was kept when no undo was planned at all', () => {
    expect(escalationReason({ ...decided, repair: rollback, verify: notConverged })).toBe(
      `alias moved to version 1 did not converge: ${notConvergedClause}; the repair was kept`,
    );
  });

  it('gives the reason of a repair planned as an escalation (e.g. a kill switch turned on after the decision)', () => {
    expect(escalationReason({ ...decided, repair: { kind: 'escalate', reason: 'the global kill switch was turned on by erin after the decision' } })).toBe(
      'the global kill switch was turned on by erin after the decision',
    );
  });

  it('says a notify-only runbook only notifies, with the decision', () => {
    expect(escalationReason({ ...decided, repair: { kind: 'notify' } })).toBe(`the runbook only notifies: ${decided.decision.reason}`);
  });

  it('falls back to the policy decision', () => {
    expect(escalationReason(decided)).toBe(decided.decision.reason);
  });
});
