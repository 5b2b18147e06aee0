import { InvalidInputError } from '../../functions/core/errors.js';
import { isUlid } from '../../functions/core/ids.js';

/** Rejects an id that cannot be an operation id before any AWS call. */
export function assertOperationId(operationId: string): void {
  if (!isUlid(operationId)) {
    throw new InvalidInputError('operation id', [
      { path: 'operationId', message: `must be a ULID (26 characters, Crockford base 32, as printed by braid rollout start), got "${operationId}"` },
    ]);
  }
}
