import type { HoldKind } from './holds.js';
import type { RolloutState } from './rollout-state.js';

/**
 * Which hold the state asks for: approval before the first step when nothing has shifted yet;
 * after a gate, approval before the next step (the verdict passed) or a pause on the step whose
 * verdict stayed inconclusive.
 */
export function holdRequestedBy(state: RolloutState): { kind: HoldKind; index: number } {
  if (!state.shift) return { kind: 'approval', index: 0 };
  if (state.gate?.command?.action === 'pause') return { kind: 'paused', index: state.gate.index };
  if (state.gate?.verdict === 'pass') return { kind: 'approval', index: state.gate.index + 1 };
  return { kind: 'inconclusive', index: state.gate?.index ?? state.shift.index };
}
