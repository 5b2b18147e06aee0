import type { RemediationEnd } from './operation-lifecycle.js';
import { causeText } from './caught-error.js';
import type { RemediationState } from './remediation-state.js';

/** How a remediation ended, why, and what it means for the target's breaker. */
export interface RemediationOutcome {
  readonly status: RemediationEnd;
  readonly reason: string;
  /** `failed` when a repair was attempted and did not fix the alarm (or errored): the breaker counts it. */
  readonly repairResult: 'converged' | 'failed' | 'none';
}

/** Reads the end of a remediation off its state, as `decideOutcome` does for rollouts. */
export function decideRemediationOutcome(state: RemediationState): RemediationOutcome {
  const repairKind = state.repair?.kind;
  const mutating = repairKind === 'update_alias' || repairKind === 'put_concurrency' || repairKind === 'invoke_runbook';
  if (state.declined) {
    return { status: 'rejected', reason: `repair declined: ${state.declined.Error}: ${causeText(state.declined.Cause)}`, repairResult: 'none' };
  }
  if (state.verify?.verdict === 'converged') {
    // Watching is not a repair: the breaker neither counts nor clears it.
    return {
      status: 'converged',
      reason: `${describeRepair(state)}: ${clause(state.verify.reason)}`,
      repairResult: repairKind === 'watch' ? 'none' : 'converged',
    };
  }
  if (repairKind === 'skip' && state.repair?.kind === 'skip') return { status: 'skipped', reason: state.repair.reason, repairResult: 'none' };
  const failed = mutating && (state.applied !== undefined || state.error !== undefined);
  return { status: 'escalated', reason: state.escalation?.reason ?? escalationReason(state), repairResult: failed ? 'failed' : 'none' };
}

/** Why a remediation goes to a person, from what its state recorded (most specific first). */
export function escalationReason(state: RemediationState): string {
  if (state.verify?.verdict === 'not_converged') {
    const undo =
      state.undo?.kind === 'none' || state.undo === undefined
        ? 'the repair was kept'
        : state.undone?.ok
          ? 'the repair was undone'
          : 'undoing the repair failed';
    return `${describeRepair(state)} did not converge: ${clause(state.verify.reason)}; ${undo}`;
  }
  if (state.error)
    return `${state.repair ? `${describeRepair(state)} failed` : 'Braid could not repair'}: ${state.error.Error}: ${causeText(state.error.Cause)}`;
  if (state.repair?.kind === 'escalate') return state.repair.reason;
  if (state.repair?.kind === 'notify') return `the runbook only notifies: ${state.decision.reason}`;
  return state.decision.reason;
}

/** A sentence as a clause inside another: lower-case start, no closing full stop. */
function clause(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');
}

function describeRepair(state: RemediationState): string {
  const repair = state.repair;
  switch (repair?.kind) {
    case 'update_alias':
      return `alias moved to version ${repair.after.functionVersion}${Object.keys(repair.after.additionalVersionWeights).length > 0 ? ' with weights' : ''}`;
    case 'put_concurrency':
      return `reserved concurrency set to ${repair.after}`;
    case 'invoke_runbook':
      return `runbook ${repair.params.FunctionName} invoked`;
    case 'watch':
      return 'no repair (another operation changed the target after the alarm)';
    default:
      return 'repair';
  }
}
