import { UnknownTargetError } from '../../../functions/core/errors.js';
import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import type { IoHost } from '../../io/io-host.js';
import { renderList } from '../../output/render-rollout.js';
import { summarizeOperation } from '../../rollout/rollout-view.js';

/** What `braid rollout list` does once its arguments and configuration are valid: read the target's operations, print them. */
export async function listAction(host: IoHost, config: BraidConfig, targetName: string, flags: CommonFlags & { limit: number }): Promise<void> {
  const operations = await inBraid(host, config, async (context) => {
    const records = await context.deps.operations.listForTarget(targetName);
    // An empty list from a typo would look like "no rollouts yet": say the target is unknown instead.
    if (records.length === 0 && !(await context.deps.registry.get(targetName))) throw new UnknownTargetError(targetName);
    return records.slice(0, flags.limit).map((record) => summarizeOperation(record));
  });
  if (flags.json) host.json({ targetName, operations });
  else host.result(renderList(targetName, operations, host.style));
}
