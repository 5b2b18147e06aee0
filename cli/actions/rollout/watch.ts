import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import type { IoHost } from '../../io/io-host.js';
import { followOperation } from '../../rollout/follow-operation.js';

/** What `braid rollout watch` does once its arguments and configuration are valid: follow the operation until it ends. */
export async function watchAction(host: IoHost, config: BraidConfig, operationId: string, flags: CommonFlags & { interval: number }): Promise<void> {
  // With --json, stdout carries only the final document; the live view goes to stderr.
  const final = await inBraid(host, config, (context) =>
    followOperation(host, context, operationId, { intervalSeconds: flags.interval, quietStdout: flags.json === true }),
  );
  if (flags.json) host.json(final);
}
