import type { OperatorFlags, OperatorVerb } from '../../actions/rollout/operate.js';
import type { IoHost } from '../../io/io-host.js';
import { assertOperationId } from '../../rollout/operation-id.js';
import { braidConfig, braidSubcommand } from './braid-subcommand.js';

const DESCRIPTIONS: Record<OperatorVerb, string> = {
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
export function operatorCommand(host: IoHost, action: OperatorVerb) {
  const command = braidSubcommand(action, DESCRIPTIONS[action])
    .argument(
      '<operationId>',
      action === 'approve' || action === 'reject' ? 'the id printed by braid rollout start or braid repair' : 'the id printed by braid rollout start',
    )
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who acts (default: cli:<OS user>)');
  if (action === 'promote') command.option('--full', 'skip the remaining steps and bakes: promote once the current step passes its gate');
  return command.action(async (operationId: string, flags: OperatorFlags) => {
    assertOperationId(operationId);
    const config = braidConfig(host, flags, { stateMachine: false });
    const { operateAction } = await import('../../actions/rollout/operate.js');
    await operateAction(host, config, action, operationId, flags);
  });
}
