import { resetBreaker } from '../../functions/control/remediation-controls.js';
import { UnknownTargetError } from '../../functions/core/errors.js';
import type { BreakerState } from '../../functions/core/remediation/remediation-policy.js';
import type { CommonFlags } from '../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../context/braid-config.js';
import { inBraid } from '../context/braid-context.js';
import { osUser } from '../context/os-user.js';
import type { IoHost } from '../io/io-host.js';
import { isoSeconds } from '../rollout/rollout-view.js';

/** What `braid breaker reset` does once its arguments and configuration are valid: close the breaker (audited), say what it was. */
export async function resetBreakerAction(
  host: IoHost,
  config: BraidConfig,
  targetName: string,
  flags: CommonFlags & { reason: string; by?: string },
): Promise<void> {
  const by = flags.by ?? `cli:${osUser(host.io.env)}`;
  const was = await inBraid(host, config, (context) => resetBreaker({ targetName, by, reason: flags.reason }, context.deps));
  if (flags.json) host.json({ targetName, breaker: { consecutiveFailures: 0, open: false }, was: breakerView(was), by, reason: flags.reason });
  else host.result(`breaker of ${targetName} closed by ${by} (was ${describeBreaker(was)}): ${flags.reason}`);
  host.info('CONTROL.CHANGED', `audited: braid rollout history control:${targetName}`);
}

/** What `braid breaker status` does once its arguments and configuration are valid: read the breaker, print it. */
export async function breakerStatusAction(host: IoHost, config: BraidConfig, targetName: string, flags: CommonFlags): Promise<void> {
  const breaker = await inBraid(host, config, async (context) => {
    if (!(await context.deps.registry.get(targetName))) throw new UnknownTargetError(targetName);
    return (await context.deps.controls.readTarget(targetName)).breaker;
  });
  if (flags.json) host.json({ targetName, breaker: breakerView(breaker) });
  else host.result(`breaker of ${targetName}: ${describeBreaker(breaker)}`);
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
