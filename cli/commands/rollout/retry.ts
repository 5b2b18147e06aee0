import type { RetryFlags } from '../../actions/rollout/retry.js';
import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/operation-id.js';
import { braidConfig, braidSubcommand } from './braid-subcommand.js';

/** `braid rollout retry <operationId>`: a new operation rolling out the same version on the same target. */
export function retryCommand(host: IoHost) {
  return braidSubcommand('retry', 'Start a new rollout of the same version on the same target as an operation that ended without promoting.')
    .argument('<operationId>', 'the operation to retry')
    .option('--reason <text>', 'why; recorded with the new operation')
    .option('--requested-by <name>', 'who asks (default: cli:<OS user>)')
    .action(async (operationId: string, flags: RetryFlags) => {
      assertOperationId(operationId);
      const config = braidConfig(host, flags, { stateMachine: true });
      const { retryAction } = await import('../../actions/rollout/retry.js');
      await retryAction(host, config, operationId, flags);
    });
}
