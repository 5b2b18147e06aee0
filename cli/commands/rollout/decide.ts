import { TaskCallbacks } from '../../../functions/adapters/task-callbacks.js';
import { systemClock } from '../../../functions/core/clock.js';
import { ulidGenerator } from '../../../functions/core/ids.js';
import { resolveHold } from '../../../functions/control/resolve-hold.js';
import { osUser } from '../../context/os-user.js';
import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/**
 * `braid rollout approve|reject <operationId> --reason …`: decides what the rollout waits for
 * (an approval point, or a step paused on an inconclusive gate). The decision, who took it and
 * why go to the audit trail before the rollout is resumed (approve) or rolled back (reject).
 */
export function decideCommand(host: IoHost, decision: 'approve' | 'reject') {
  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  return braidSubcommand(decision, `${verb} what a rollout waits for: an approval point, or a step paused on an inconclusive gate${decision === 'reject' ? ' (rolls it back)' : ''}.`)
    .argument('<operationId>', 'the id printed by braid rollout start')
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who decides (default: cli:<OS user>)')
    .action(async (operationId: string, flags: CommonFlags & { reason: string; by?: string }) => {
      assertOperationId(operationId);
      const by = flags.by ?? `cli:${osUser(host.io.env)}`;
      const hold = await inBraid(host, flags, { stateMachine: false }, (context) =>
        resolveHold({ operationId, decision, by, reason: flags.reason }, { table: context.table, callbacks: new TaskCallbacks(context.sfn), clock: systemClock, newId: ulidGenerator(systemClock) }),
      );
      // The token resumes the execution: never print it.
      const { token: _token, ...shown } = hold;
      if (flags.json) {
        host.json(shown);
        return;
      }
      const what = hold.kind === 'approval' ? `the approval of step ${hold.index + 1}` : `the pause on step ${hold.index + 1}`;
      host.result(`${operationId}: ${what} ${hold.status} by ${by}\n`);
      host.info('ROLLOUT.DECIDED', decision === 'approve' ? `the rollout goes on; follow it with: braid rollout watch ${operationId}` : `the rollout rolls back; follow it with: braid rollout watch ${operationId}`);
    });
}
