import { Command } from 'commander';
import { resetBreaker } from '../../functions/control/remediation-controls.js';
import { UnknownTargetError } from '../../functions/core/errors.js';
import type { BreakerState } from '../../functions/core/remediation/remediation-policy.js';
import { osUser } from '../context/os-user.js';
import type { IoHost } from '../io/io-host.js';
import { isoSeconds } from '../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './rollout/braid-subcommand.js';

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
      const by = flags.by ?? `cli:${osUser(host.io.env)}`;
      const was = await inBraid(host, flags, { stateMachine: false }, (context) => resetBreaker({ targetName, by, reason: flags.reason }, context.deps));
      if (flags.json) host.json({ targetName, breaker: { consecutiveFailures: 0, open: false }, was: breakerView(was), by, reason: flags.reason });
      else host.result(`breaker of ${targetName} closed by ${by} (was ${describeBreaker(was)}): ${flags.reason}`);
      host.info('CONTROL.CHANGED', `audited: braid rollout history control:${targetName}`);
    });
}

function statusCommand(host: IoHost) {
  return braidSubcommand('status', "Show a target's breaker: open or closed, and failed repairs in a row.")
    .argument('<target>', 'the target, e.g. checkout:live')
    .action(async (targetName: string, flags: CommonFlags) => {
      const breaker = await inBraid(host, flags, { stateMachine: false }, async (context) => {
        if (!(await context.deps.registry.get(targetName))) throw new UnknownTargetError(targetName);
        return (await context.deps.controls.readTarget(targetName)).breaker;
      });
      if (flags.json) host.json({ targetName, breaker: breakerView(breaker) });
      else host.result(`breaker of ${targetName}: ${describeBreaker(breaker)}`);
    });
}

function breakerView(state: BreakerState) {
  return {
    consecutiveFailures: state.consecutiveFailures,
    open: state.open,
    ...(state.openedAtMs === undefined ? {} : { openedAt: isoSeconds(state.openedAtMs) }),
  };
}

/** `open since 2026-01-01T01:00:00Z, 3 failed repair(s) in a row` or `closed, 1 failed repair(s) in a row`. */
function describeBreaker(state: BreakerState): string {
  const since = state.open && state.openedAtMs !== undefined ? ` since ${isoSeconds(state.openedAtMs)}` : '';
  return `${state.open ? 'OPEN' : 'closed'}${since}, ${state.consecutiveFailures} failed repair(s) in a row`;
}
