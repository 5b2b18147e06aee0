import { Command } from 'commander';
import { setKillSwitch } from '../../functions/control/remediation-controls.js';
import { UnknownTargetError } from '../../functions/core/errors.js';
import type { KillSwitchState } from '../../functions/core/remediation/remediation-policy.js';
import { osUser } from '../context/os-user.js';
import type { IoHost } from '../io/io-host.js';
import { isoSeconds } from '../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './rollout/braid-subcommand.js';

/** A kill switch as `killswitch status` shows it. */
export interface KillSwitchView {
  /** `global`, or the target's name. */
  readonly scope: string;
  readonly state: 'on' | 'off' | 'unreadable';
  readonly by?: string;
  readonly reason?: string;
  readonly since?: string;
  /** Why it could not be read (the policy then fails closed: nothing is repaired). */
  readonly error?: string;
}

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
    .action(async (flags: CommonFlags & { target?: string; reason: string; by?: string }) => {
      const by = flags.by ?? `cli:${osUser(host.io.env)}`;
      await inBraid(host, flags, { stateMachine: false }, (context) => setKillSwitch({ on, targetName: flags.target, by, reason: flags.reason }, context.deps));
      const scope = flags.target ?? 'global';
      if (flags.json) host.json({ scope, state: on ? 'on' : 'off', by, reason: flags.reason });
      else host.result(`kill switch (${scope}) ${on ? 'on' : 'off'} by ${by}: ${flags.reason}`);
      const trail = `braid rollout history ${flags.target === undefined ? 'control' : `control:${flags.target}`}`;
      host.info(
        'CONTROL.CHANGED',
        on
          ? `repairs already running stop before their next change; audited: ${trail}`
          : `repairs are allowed again where no other switch is on; audited: ${trail}`,
      );
    });
}

function statusCommand(host: IoHost) {
  return braidSubcommand('status', "Show the global kill switch and, with --target, the target's own.")
    .option('--target <name>', "also show this target's switch")
    .action(async (flags: CommonFlags & { target?: string }) => {
      const switches = await inBraid(host, flags, { stateMachine: false }, async (context) => {
        if (flags.target !== undefined && !(await context.deps.registry.get(flags.target))) throw new UnknownTargetError(flags.target);
        const global = await context.deps.controls.readGlobal();
        const views = [viewOf('global', global.killSwitch)];
        if (flags.target !== undefined) views.push(viewOf(flags.target, (await context.deps.controls.readTarget(flags.target)).killSwitch));
        return views;
      });
      if (flags.json) host.json({ switches });
      else host.result(switches.map(renderSwitch).join('\n'));
    });
}

function viewOf(scope: string, state: KillSwitchState): KillSwitchView {
  if ('unreadable' in state) return { scope, state: 'unreadable', error: state.error };
  if (!state.on) return { scope, state: 'off' };
  return { scope, state: 'on', by: state.by, reason: state.reason, since: isoSeconds(state.atMs) };
}

/** `global         on since 2026-01-01T00:30:00Z by alice: game day`. */
function renderSwitch(view: KillSwitchView): string {
  const scope = view.scope.padEnd(14);
  if (view.state === 'unreadable') return `${scope} UNREADABLE (${view.error}): Braid repairs nothing until it can be read`;
  if (view.state === 'off') return `${scope} off`;
  return `${scope} ON since ${view.since} by ${view.by}: ${view.reason}`;
}
