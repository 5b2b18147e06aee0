import { systemClock } from '../../../functions/core/clock.js';
import { ulidGenerator } from '../../../functions/core/ids.js';
import type { IoHost } from '../../io/io-host.js';
import { renderStarted } from '../../output/render-rollout.js';
import { startRollout } from '../../rollout/start-rollout.js';
import { osUser } from '../../context/os-user.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout start <target> <version>`: validates like the state machine, then starts a rollout. */
export function startCommand(host: IoHost) {
  return braidSubcommand('start', 'Start a rollout of a published version on a target; prints the operation id.')
    .argument('<target>', 'the target, e.g. checkout:live')
    .argument('<version>', 'the published function version to roll out, e.g. 7')
    .option('--reason <text>', 'why; recorded in the operation and its audit trail')
    .option('--requested-by <name>', 'who asks; recorded as the actor (default: cli:<OS user>)')
    .action(async (targetName: string, newVersion: string, flags: CommonFlags & { reason?: string; requestedBy?: string }) => {
      const newId = ulidGenerator(systemClock);
      const started = await inBraid(host, flags, { stateMachine: true }, (context) =>
        startRollout(context, { targetName, newVersion, requestedBy: flags.requestedBy ?? `cli:${osUser(host.io.env)}`, reason: flags.reason }, newId),
      );
      if (flags.json) {
        host.json(started);
        return;
      }
      host.result(renderStarted(started));
      host.info(
        'ROLLOUT.STARTED',
        `rollout of ${started.targetName} to version ${started.newVersion} started; follow it with: braid rollout watch ${started.operationId}`,
      );
    });
}
