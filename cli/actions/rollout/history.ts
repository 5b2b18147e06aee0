import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import { UnknownOperationError } from '../../errors.js';
import type { IoHost } from '../../io/io-host.js';
import { renderHistory } from '../../output/render-rollout.js';

/** What `braid rollout history` does once its arguments and configuration are valid: read the audit trail, print it. */
export async function historyAction(host: IoHost, config: BraidConfig, operationId: string, flags: CommonFlags): Promise<void> {
  const records = await inBraid(host, config, async (context) => {
    const audit = await context.deps.audit.list(operationId);
    if (audit.length === 0) throw new UnknownOperationError(operationId, context.config.tableName);
    return audit;
  });
  if (flags.json) host.json({ operationId, records });
  else host.result(renderHistory(records));
}
