import { InvalidArgumentError } from 'commander';
import type { IoHost } from '../../io/io-host.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout list <target>`: the target's operations, newest first. */
export function listCommand(host: IoHost) {
  return braidSubcommand('list', "List a target's operations, newest first.")
    .argument('<target>', 'the target, e.g. checkout:live')
    .option('--limit <n>', 'show at most n operations', parseLimit, 20)
    .action(async (targetName: string, flags: CommonFlags & { limit: number }) => {
      const config = braidConfig(host, flags, { stateMachine: false });
      const { listAction } = await import('../../actions/rollout/list.js');
      await listAction(host, config, targetName, flags);
    });
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`must be a whole number >= 1, got "${value}"`);
  return limit;
}
