import { InvalidArgumentError } from 'commander';
import { UnknownTargetError } from '../../../functions/core/errors.js';
import type { IoHost } from '../../io/io-host.js';
import { renderList } from '../../output/render-rollout.js';
import { summarizeOperation } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout list <target>`: the target's operations, newest first. */
export function listCommand(host: IoHost) {
  return braidSubcommand('list', "List a target's operations, newest first.")
    .argument('<target>', 'the target, e.g. checkout:live')
    .option('--limit <n>', 'show at most n operations', parseLimit, 20)
    .action(async (targetName: string, flags: CommonFlags & { limit: number }) => {
      const operations = await inBraid(host, flags, { stateMachine: false }, async (context) => {
        const records = await context.deps.operations.listForTarget(targetName);
        // An empty list from a typo would look like "no rollouts yet": say the target is unknown instead.
        if (records.length === 0 && !(await context.deps.registry.get(targetName))) throw new UnknownTargetError(targetName);
        return records.slice(0, flags.limit).map((record) => summarizeOperation(record));
      });
      if (flags.json) host.json({ targetName, operations });
      else host.result(renderList(targetName, operations, host.style));
    });
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`must be a whole number >= 1, got "${value}"`);
  return limit;
}
