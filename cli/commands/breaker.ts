import { Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './rollout/braid-subcommand.js';

/**
 * `braid breaker reset <target> --reason …` and `braid breaker status <target>`: a target's
 * repair circuit breaker, opened by consecutive failed repairs and closed only by a person.
 */
export function breakerCommand(host: IoHost): Command {
  return new Command('breaker')
    .description("A target's repair circuit breaker: consecutive failed repairs open it (alarms then go to a person); only an operator closes it.")
    .addCommand(resetCommand(host))
    .addCommand(statusCommand(host));
}

function resetCommand(host: IoHost) {
  return braidSubcommand('reset', "Close a target's breaker and clear its failure count, audited with who and why.")
    .argument('<target>', 'the target, e.g. checkout:live')
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who acts (default: cli:<OS user>)')
    .action(async (targetName: string, flags: CommonFlags & { reason: string; by?: string }) => {
      const config = braidConfig(host, flags, { stateMachine: false });
      const { resetBreakerAction } = await import('../actions/breaker.js');
      await resetBreakerAction(host, config, targetName, flags);
    });
}

function statusCommand(host: IoHost) {
  return braidSubcommand('status', "Show a target's breaker: open or closed, and failed repairs in a row.")
    .argument('<target>', 'the target, e.g. checkout:live')
    .action(async (targetName: string, flags: CommonFlags) => {
      const config = braidConfig(host, flags, { stateMachine: false });
      const { breakerStatusAction } = await import('../actions/breaker.js');
      await breakerStatusAction(host, config, targetName, flags);
    });
}
