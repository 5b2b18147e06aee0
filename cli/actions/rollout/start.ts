import type { StartRolloutRequest } from '../../../functions/core/start-request.js';
import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import type { IoHost } from '../../io/io-host.js';
import { renderStarted } from '../../output/render-rollout.js';
import { startRollout } from '../../rollout/start-rollout.js';

/** What `braid rollout start` does once its arguments and configuration are valid: start the execution, print the operation id. */
export async function startAction(host: IoHost, config: BraidConfig, request: StartRolloutRequest, flags: CommonFlags): Promise<void> {
  const started = await inBraid(host, config, (context) => startRollout(context, request));
  if (flags.json) {
    host.json(started);
    return;
  }
  host.result(renderStarted(started));
  host.info(
    'ROLLOUT.STARTED',
    `rollout of ${started.targetName} to version ${started.newVersion} started; follow it with: braid rollout watch ${started.operationId}`,
  );
}
