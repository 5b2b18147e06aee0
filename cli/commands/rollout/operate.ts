import { CommandRefusedError, type OperatorAction } from '../../../functions/core/operator-commands.js';
import { operateRollout, type OperatorResult } from '../../../functions/control/operate-rollout.js';
import { osUser } from '../../context/os-user.js';
import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

const DESCRIPTIONS: Record<Exclude<OperatorAction, 'promote_full'>, string> = {
  approve:
    "Approve what an operation waits for: a rollout's approval point or step paused on an inconclusive gate, or a remediation's repair that needs approval.",
  reject: 'Reject what an operation waits for: a rollout rolls back; a remediation ends without repairing (rejected).',
  resume: 'Resume a paused rollout (paused by an operator, or on an inconclusive gate); the step is judged afresh.',
  abort: 'Roll the rollout back: at once if it waits for a person, else at its next gate check.',
  pause: 'Pause the rollout at its next gate check, holding the current weight until resume.',
  promote:
    'Judge the current step now instead of at the end of its bake (or approve a pending approval point); --full skips the remaining steps once it passes.',
};

/**
 * `braid rollout approve|reject|resume|abort|pause|promote <operationId> --reason …`: what an
 * operator asks of a rollout, written to the audit trail with who (`--by`) and why before it acts.
 */
export function operatorCommand(host: IoHost, action: Exclude<OperatorAction, 'promote_full'>) {
  const command = braidSubcommand(action, DESCRIPTIONS[action])
    .argument(
      '<operationId>',
      action === 'approve' || action === 'reject' ? 'the id printed by braid rollout start or braid repair' : 'the id printed by braid rollout start',
    )
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who acts (default: cli:<OS user>)');
  if (action === 'promote') command.option('--full', 'skip the remaining steps and bakes: promote once the current step passes its gate');
  return command.action(async (operationId: string, flags: CommonFlags & { reason: string; by?: string; full?: boolean }) => {
    assertOperationId(operationId);
    const by = flags.by ?? `cli:${osUser(host.io.env)}`;
    const effective: OperatorAction = action === 'promote' && flags.full ? 'promote_full' : action;
    const { result, kind } = await inBraid(host, flags, { stateMachine: false }, async (context) => {
      const operation = await context.deps.operations.get(operationId);
      if (operation?.kind === 'remediation' && action !== 'approve' && action !== 'reject') {
        throw new CommandRefusedError(
          `Operation ${operationId} is a remediation: only approve and reject apply to it (when its repair waits for approval). To stop repairs, use braid killswitch on.`,
        );
      }
      const decided = await operateRollout({ operationId, action: effective, by, reason: flags.reason }, context.deps);
      return { result: decided, kind: operation?.kind ?? 'rollout' };
    });
    if (flags.json) {
      host.json({ operationId, ...result });
      return;
    }
    host.result(`${operationId}: ${describe(result, by, kind)}\n`);
    host.info('ROLLOUT.DECIDED', `follow it with: braid rollout watch ${operationId}`);
  });
}

function describe(result: OperatorResult, by: string, kind: 'rollout' | 'remediation'): string {
  if (result.applied === 'at-next-check') return `${result.command.action.replace('_', ' ')} recorded by ${by}; applied at the rollout's next gate check`;
  const { hold } = result;
  const what =
    kind === 'remediation'
      ? 'the approval of the repair'
      : hold.kind === 'approval'
        ? `the approval of step ${hold.index + 1}`
        : `the pause on step ${hold.index + 1}`;
  return `${what} ${hold.status} by ${by}`;
}
