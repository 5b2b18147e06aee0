import { osUser } from '../../context/os-user.js';
import type { IoHost } from '../../io/io-host.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout start <target> <version>`: validates like the state machine, then starts a rollout. */
export function startCommand(host: IoHost) {
  return braidSubcommand('start', 'Start a rollout of a published version on a target; prints the operation id.')
    .argument('<target>', 'the target, e.g. checkout:live')
    .argument('<version>', 'the published function version to roll out, e.g. 7')
    .option('--reason <text>', 'why; recorded in the operation and its audit trail')
    .option('--requested-by <name>', 'who asks; recorded as the actor (default: cli:<OS user>)')
    .action(async (targetName: string, newVersion: string, flags: CommonFlags & { reason?: string; requestedBy?: string }) => {
      // The state machine's own request schema, before the AWS clients load: a bad argument exits 2 at once.
      const { rolloutRequest } = await import('../../rollout/rollout-request.js');
      const request = rolloutRequest({ targetName, newVersion, requestedBy: flags.requestedBy ?? `cli:${osUser(host.io.env)}`, reason: flags.reason });
      const config = braidConfig(host, flags, { stateMachine: true });
      const { startAction } = await import('../../actions/rollout/start.js');
      await startAction(host, config, request, flags);
    });
}
