import type { IoHost } from '../../io/io-host.js';
import { UnknownOperationError } from '../../errors.js';
import { renderHistory } from '../../output/render-rollout.js';
import { assertOperationId } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout history <operationId>`: the audit trail, oldest first. */
export function historyCommand(host: IoHost) {
  return braidSubcommand('history', "Show an operation's audit trail, oldest first: time, kind, actor, epoch and what it records.")
    .argument('<operationId>', 'the id printed by braid rollout start')
    .action(async (operationId: string, flags: CommonFlags) => {
      assertOperationId(operationId);
      const records = await inBraid(host, flags, { stateMachine: false }, async (context) => {
        const audit = await context.table.listAudit(operationId);
        if (audit.length === 0) throw new UnknownOperationError(operationId, context.config.tableName);
        return audit;
      });
      if (flags.json) host.json({ operationId, records });
      else host.result(renderHistory(records));
    });
}
