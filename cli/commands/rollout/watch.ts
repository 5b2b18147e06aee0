import { InvalidArgumentError } from 'commander';
import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/operation-id.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './braid-subcommand.js';

/**
 * `braid rollout watch <operationId>`: polls until the operation (a rollout or a remediation)
 * ends. On a terminal one status block is redrawn in place; elsewhere one line is printed per
 * change, so logs keep the history.
 */
export function watchCommand(host: IoHost) {
  return braidSubcommand(
    'watch',
    'Follow an operation (a rollout or a remediation) until it ends: phase, step and weight or repair, last gate verdict, elapsed time. Exits 0 whatever the outcome.',
  )
    .argument('<operationId>', 'the id printed by braid rollout start or braid repair')
    .option('--interval <seconds>', 'time between polls', parseInterval, 2)
    .action(async (operationId: string, flags: CommonFlags & { interval: number }) => {
      assertOperationId(operationId);
      const config = braidConfig(host, flags, { stateMachine: true });
      const { watchAction } = await import('../../actions/rollout/watch.js');
      await watchAction(host, config, operationId, flags);
    });
}

/** Seconds between polls: above 0, at most an hour. */
export function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new InvalidArgumentError(`must be a number of seconds above 0 and at most 3600, got "${value}"`);
  return seconds;
}
