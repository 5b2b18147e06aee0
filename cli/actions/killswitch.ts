import { setKillSwitch } from '../../functions/control/remediation-controls.js';
import { UnknownTargetError } from '../../functions/core/errors.js';
import type { KillSwitchState } from '../../functions/core/remediation/remediation-policy.js';
import type { CommonFlags } from '../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../context/braid-config.js';
import { inBraid } from '../context/braid-context.js';
import { osUser } from '../context/os-user.js';
import type { IoHost } from '../io/io-host.js';
import { isoSeconds } from '../rollout/rollout-view.js';

/** The flags of `braid killswitch on|off`. */
export interface SwitchFlags extends CommonFlags {
  readonly target?: string;
  readonly reason: string;
  readonly by?: string;
}

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

/** What `braid killswitch on|off` does once its flags and configuration are valid: set the switch (audited), say so. */
export async function switchAction(host: IoHost, config: BraidConfig, on: boolean, flags: SwitchFlags): Promise<void> {
  const by = flags.by ?? `cli:${osUser(host.io.env)}`;
  await inBraid(host, config, (context) => setKillSwitch({ on, targetName: flags.target, by, reason: flags.reason }, context.deps));
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
}

/** What `braid killswitch status` does once its flags and configuration are valid: read the switches, print them. */
export async function switchStatusAction(host: IoHost, config: BraidConfig, flags: CommonFlags & { target?: string }): Promise<void> {
  const switches = await inBraid(host, config, async (context) => {
    if (flags.target !== undefined && !(await context.deps.registry.get(flags.target))) throw new UnknownTargetError(flags.target);
    const global = await context.deps.controls.readGlobal();
    const views = [viewOf('global', global.killSwitch)];
    if (flags.target !== undefined) views.push(viewOf(flags.target, (await context.deps.controls.readTarget(flags.target)).killSwitch));
    return views;
  });
  if (flags.json) host.json({ switches });
  else host.result(switches.map(renderSwitch).join('\n'));
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
