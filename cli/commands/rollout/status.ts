import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/operation-id.js';
import { braidConfig, braidSubcommand, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout status <operationId>`: the operation and its execution. */
export function statusCommand(host: IoHost) {
  return braidSubcommand(
    'status',
    "Show an operation and its execution's status: a rollout's phase, versions, step and weight, last gate verdict and outcome; a remediation's trigger, repair, decision, outcome, duplicates and timings.",
  )
    .argument('<operationId>', 'the id printed by braid rollout start or braid repair')
    .action(async (operationId: string, flags: CommonFlags) => {
      assertOperationId(operationId);
      const config = braidConfig(host, flags, { stateMachine: true });
      const { statusAction } = await import('../../actions/rollout/status.js');
      await statusAction(host, config, operationId, flags);
    });
}
