import { causeText } from './caught-error.js';
import type { RolloutState } from './rollout-state.js';

/**
 * The one phase an operation is in. `pending` until it holds the lease, `running` while it may
 * change the alias, `awaiting_approval` / `paused` while it waits for a person (an approval point;
 * a step whose gate stayed inconclusive); the others are terminal and never change again: `promoted` (alias wholly on
 * the new version), `rolled_back` (alias back on its snapshot), `needs_human` (stopped without a
 * safe automatic end), `refused` (target busy; nothing changed), `failed` (ended before any
 * alias change).
 */
export type OperationStatus =
  'pending' | 'running' | 'awaiting_approval' | 'paused' | 'promoted' | 'rolled_back' | 'needs_human' | 'refused' | 'failed' | RemediationEnd;

/**
 * How a remediation ends: `converged` (repaired, and the alarm stayed OK through the bake),
 * `skipped` (already converged when Braid looked: nothing changed), `ignored` (policy: kill
 * switch, not corroborated), `escalated` (a person was told: policy, a failed or unverified
 * repair, or notify-only), `rejected` (a person declined the repair).
 */
export type RemediationEnd = 'converged' | 'skipped' | 'ignored' | 'escalated' | 'rejected';

/** Statuses in which an operation has not ended yet. */
export const OPEN_STATUSES: readonly OperationStatus[] = ['pending', 'running', 'awaiting_approval', 'paused'];

/** How a finished rollout ended, and why, derived from what the state machine recorded. */
export interface RolloutOutcome {
  readonly status: Exclude<OperationStatus, 'pending' | 'running' | 'awaiting_approval' | 'paused'>;
  readonly reason: string;
}

/**
 * Reads the end of a rollout off its state: which steps ran, what compensation decided, and
 * which errors were caught. Deriving it (rather than passing flags along) keeps one source of truth.
 */
export function decideOutcome(state: RolloutState): RolloutOutcome {
  if (state.compensationError) {
    return { status: 'needs_human', reason: `compensation failed: ${state.compensationError.Error}` };
  }
  if (state.restore) {
    if (state.restore.action === 'flag') return { status: 'needs_human', reason: state.restore.reason };
    return { status: 'rolled_back', reason: rollbackReason(state) };
  }
  if (!state.lease) {
    const busy = state.error?.Error === 'Braid.TargetBusy';
    return { status: busy ? 'refused' : 'failed', reason: state.error ? `${state.error.Error}: ${causeText(state.error.Cause)}` : 'no lease' };
  }
  if (!state.alias) {
    return { status: 'failed', reason: state.error ? `${state.error.Error}: ${causeText(state.error.Cause)}` : 'alias not read' };
  }
  if (!state.shift && state.error) {
    // Stopped after the snapshot but before planning any step (a pre-traffic hook failed): no traffic moved.
    return { status: 'failed', reason: `${state.error.Error}: ${causeText(state.error.Cause)}` };
  }
  if (state.shift?.action === 'complete' && !state.error) {
    return { status: 'promoted', reason: 'every step passed its gate' };
  }
  return { status: 'needs_human', reason: 'the rollout ended on an unexpected path' };
}

function rollbackReason(state: RolloutState): string {
  if (state.error) return `${state.error.Error}: ${causeText(state.error.Cause)}`;
  if (state.gate?.command?.action === 'abort') return `aborted by ${state.gate.command.by}: ${state.gate.command.reason}`;
  if (state.gate?.verdict === 'inconclusive') return `gate still inconclusive at step ${state.gate.index + 1} after ${state.gate.attempt} evaluation(s)`;
  if (state.gate && state.gate.verdict !== 'pass') return `gate ${state.gate.verdict} at step ${state.gate.index + 1}`;
  return 'rolled back';
}
