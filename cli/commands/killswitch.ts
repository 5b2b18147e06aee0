import { Command } from 'commander';
import type { SwitchFlags } from '../actions/killswitch.js';
import type { IoHost } from '../io/io-host.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './rollout/braid-subcommand.js';

/**
 * `braid killswitch on|off [--target] --reason …` and `braid killswitch status [--target]`:
 * stops (or allows again) every repair, or one target's, audited with who and why.
 */
export function killSwitchCommand(host: IoHost): Command {
  return new Command('killswitch')
    .description("Stop every automatic and manual repair (or one target's) with a kill switch, allow them again, or show the switches.")
    .addCommand(switchCommand(host, true))
    .addCommand(switchCommand(host, false))
    .addCommand(statusCommand(host));
}

function switchCommand(host: IoHost, on: boolean) {
  return braidSubcommand(
    on ? 'on' : 'off',
    on
      ? 'Turn a kill switch on: no remediation changes anything (checked when deciding and again just before acting).'
      : 'Turn a kill switch off: repairs are allowed again.',
  )
    .option('--target <name>', "the target's own switch (default: the global one)")
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who acts (default: cli:<OS user>)')
    .action(async (flags: SwitchFlags) => {
      const config = braidConfig(host, flags, { stateMachine: false });
      const { switchAction } = await import('../actions/killswitch.js');
      await switchAction(host, config, on, flags);
    });
}

function statusCommand(host: IoHost) {
  return braidSubcommand('status', "Show the global kill switch and, with --target, the target's own.")
    .option('--target <name>', "also show this target's switch")
    .action(async (flags: CommonFlags & { target?: string }) => {
      const config = braidConfig(host, flags, { stateMachine: false });
      const { switchStatusAction } = await import('../actions/killswitch.js');
      await switchStatusAction(host, config, flags);
    });
}
