import { CommandRefusedError } from '../../../functions/core/operator-commands.js';
import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import { osUser } from '../../context/os-user.js';
import { UnknownOperationError } from '../../errors.js';
import type { IoHost } from '../../io/io-host.js';
import { renderStarted } from '../../output/render-rollout.js';
import { rolloutRequest } from '../../rollout/rollout-request.js';
import { startRollout } from '../../rollout/start-rollout.js';

/** The flags of `braid rollout retry`. */
export interface RetryFlags extends CommonFlags {
  readonly reason?: string;
  readonly requestedBy?: string;
}

/** Operations that may be retried: they ended without promoting. */
const RETRYABLE = ['rolled_back', 'refused', 'failed', 'needs_human'];

/** What `braid rollout retry` does once its arguments and configuration are valid: start the same rollout again as a new operation. */
export async function retryAction(host: IoHost, config: BraidConfig, operationId: string, flags: RetryFlags): Promise<void> {
  const started = await inBraid(host, config, async (context) => {
    const previous = await context.deps.operations.get(operationId);
    if (!previous) throw new UnknownOperationError(operationId, context.config.tableName);
    if (previous.kind !== 'rollout' || !previous.newVersion) {
      throw new CommandRefusedError(`Operation ${operationId} is a ${previous.kind}; only rollouts can be retried.`);
    }
    if (!RETRYABLE.includes(previous.status)) {
      throw new CommandRefusedError(
        `Operation ${operationId} is ${previous.status}; only an operation that ended without promoting (${RETRYABLE.join(', ')}) can be retried.`,
      );
    }
    const request = rolloutRequest(
      {
        targetName: previous.targetName,
        newVersion: previous.newVersion,
        requestedBy: flags.requestedBy ?? `cli:${osUser(host.io.env)}`,
        reason: `retry of ${operationId}${flags.reason ? `: ${flags.reason}` : ''}`,
      },
      context.newId,
    );
    return startRollout(context, request);
  });
  if (flags.json) {
    host.json({ retryOf: operationId, ...started });
    return;
  }
  host.result(renderStarted(started));
  host.info('ROLLOUT.STARTED', `retry of ${operationId} started; follow it with: braid rollout watch ${started.operationId}`);
}
