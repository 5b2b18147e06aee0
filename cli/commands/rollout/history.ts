import type { IoHost } from '../../io/io-host.js';
import { UnknownOperationError } from '../../errors.js';
import { renderHistory } from '../../output/render-rollout.js';
import { assertOperationId } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/**
 * Audit streams that belong to no operation: the operator controls (`control` for the global
 * kill switch, `control:<target>` for a target's switch and breaker) and rejected events (`intake`).
 */
const CONTROL_STREAM = /^(control(:.+)?|intake)$/;

/** `braid rollout history <operationId>`: the audit trail, oldest first. */
export function historyCommand(host: IoHost) {
  return braidSubcommand(
    'history',
    "Show an operation's audit trail (a rollout's or a remediation's), oldest first: time, kind, actor, epoch and what it records.",
  )
    .argument(
      '<operationId>',
      'the id printed by braid rollout start or braid repair; or control, control:<target> (kill switches, breaker) or intake (rejected alarm events)',
    )
    .action(async (operationId: string, flags: CommonFlags) => {
      if (!CONTROL_STREAM.test(operationId)) assertOperationId(operationId);
      const records = await inBraid(host, flags, { stateMachine: false }, async (context) => {
        const audit = await context.deps.audit.list(operationId);
        if (audit.length === 0) throw new UnknownOperationError(operationId, context.config.tableName);
        return audit;
      });
      if (flags.json) host.json({ operationId, records });
      else host.result(renderHistory(records));
    });
}
