import { CommandRefusedError } from '../../../functions/core/operator-commands.js';
import { osUser } from '../../context/os-user.js';
import { UnknownOperationError } from '../../errors.js';
import type { IoHost } from '../../io/io-host.js';
import { renderStarted } from '../../output/render-rollout.js';
import { assertOperationId } from '../../rollout/rollout-view.js';
import { startRollout } from '../../rollout/start-rollout.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/** Operations that may be retried: they ended without promoting. */
const RETRYABLE = ['rolled_back', 'refused', 'failed', 'needs_human'];

/** `braid rollout retry <operationId>`: a new operation rolling out the same version on the same target. */
export function retryCommand(host: IoHost) {
  return braidSubcommand('retry', 'Start a new rollout of the same version on the same target as an operation that ended without promoting.')
    .argument('<operationId>', 'the operation to retry')
    .option('--reason <text>', 'why; recorded with the new operation')
    .option('--requested-by <name>', 'who asks (default: cli:<OS user>)')
    .action(async (operationId: string, flags: CommonFlags & { reason?: string; requestedBy?: string }) => {
      assertOperationId(operationId);
      const started = await inBraid(host, flags, { stateMachine: true }, async (context) => {
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
        return startRollout(
          context,
          {
            targetName: previous.targetName,
            newVersion: previous.newVersion,
            requestedBy: flags.requestedBy ?? `cli:${osUser(host.io.env)}`,
            reason: `retry of ${operationId}${flags.reason ? `: ${flags.reason}` : ''}`,
          },
          context.newId,
        );
      });
      if (flags.json) {
        host.json({ retryOf: operationId, ...started });
        return;
      }
      host.result(renderStarted(started));
      host.info('ROLLOUT.STARTED', `retry of ${operationId} started; follow it with: braid rollout watch ${started.operationId}`);
    });
}
