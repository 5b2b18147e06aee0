import { BraidError, InvalidInputError } from './errors.js';

/**
 * What an operator can ask of a running rollout. `approve`/`reject`/`resume` decide a hold at
 * once; `abort`, `pause`, `promote` and `promote_full` are recorded on the operation and applied
 * at its next gate check (at once if the rollout is waiting for a person).
 */
export type OperatorAction = 'approve' | 'reject' | 'resume' | 'abort' | 'pause' | 'promote' | 'promote_full';

/** A command recorded on the operation for its next gate check. */
export interface OperatorCommand {
  readonly action: 'abort' | 'pause' | 'promote' | 'promote_full';
  readonly by: string;
  readonly reason: string;
  readonly atMs: number;
}

/** The operation cannot take the command in its current phase. */
export class CommandRefusedError extends BraidError {
  readonly code = 'Braid.CommandRefused';
  readonly fault = 'user';
}

/** Every operator action names who acts and why: both go to the audit trail. */
export function requireWhoAndWhy(action: string, request: { by: string; reason: string }): void {
  const issues = [
    ...(request.by.trim() ? [] : [{ path: 'by', message: 'must name who acts' }]),
    ...(request.reason.trim() ? [] : [{ path: 'reason', message: 'must say why (it is kept in the audit trail)' }]),
  ];
  if (issues.length > 0) throw new InvalidInputError(`${action} request`, issues);
}
