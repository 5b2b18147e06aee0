import { systemClock } from '../../functions/core/clock.js';
import { ulidGenerator } from '../../functions/core/ids.js';
import { parseStartRequest, type StartRolloutRequest } from '../../functions/core/start-request.js';

/** What the operator asks for. */
export interface RolloutAsk {
  readonly targetName: string;
  readonly newVersion: string;
  readonly requestedBy: string;
  readonly reason?: string;
}

/**
 * A rollout execution's input: the ask with a new operation id, validated by the state machine's
 * own request schema (`$LATEST` refused, a version number, lengths).
 * @param newOperationId @default - ULIDs on the system clock
 * @throws InvalidInputError naming every bad field
 */
export function rolloutRequest(ask: RolloutAsk, newOperationId: () => string = ulidGenerator(systemClock)): StartRolloutRequest {
  return parseStartRequest({ operationId: newOperationId(), ...ask });
}
