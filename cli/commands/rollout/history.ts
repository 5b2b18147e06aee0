import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/operation-id.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './braid-subcommand.js';

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
      const config = braidConfig(host, flags, { stateMachine: false });
      const { historyAction } = await import('../../actions/rollout/history.js');
      await historyAction(host, config, operationId, flags);
    });
}
