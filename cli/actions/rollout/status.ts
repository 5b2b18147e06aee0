import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import type { IoHost } from '../../io/io-host.js';
import { renderStatus } from '../../output/render-rollout.js';
import { readRolloutView } from '../../rollout/rollout-view.js';

/** What `braid rollout status` does once its arguments and configuration are valid: read the operation and its execution, print them. */
export async function statusAction(host: IoHost, config: BraidConfig, operationId: string, flags: CommonFlags): Promise<void> {
  const view = await inBraid(host, config, (context) => readRolloutView(context, operationId));
  if (flags.json) host.json(view);
  else host.result(renderStatus(view, host.style));
}
