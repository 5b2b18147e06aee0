import { InvalidInputError } from '../core/errors.js';
import type { RolloutState } from '../core/rollout-state.js';

/**
 * A field an earlier state must have set. Its absence means the state machine and the tasks
 * disagree (a wiring bug or a hand-crafted input), which must stop the task, not guess.
 */
export function requireField<K extends keyof RolloutState>(state: RolloutState, field: K): NonNullable<RolloutState[K]> {
  const value = state[field];
  if (value === undefined || value === null) {
    throw new InvalidInputError('rollout state', [{ path: String(field), message: 'is missing; it is set by an earlier step of the rollout state machine' }]);
  }
  return value as NonNullable<RolloutState[K]>;
}
