import { operateRollout, type OperatorResult } from '../../../functions/control/operate-rollout.js';
import { CommandRefusedError, type OperatorAction } from '../../../functions/core/operator-commands.js';
import type { CommonFlags } from '../../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../../context/braid-config.js';
import { inBraid } from '../../context/braid-context.js';
import { osUser } from '../../context/os-user.js';
import type { IoHost } from '../../io/io-host.js';

/** The actions an operator names on the command line (`promote --full` is `promote_full`). */
export type OperatorVerb = Exclude<OperatorAction, 'promote_full'>;

/** The flags of an operator command. */
export interface OperatorFlags extends CommonFlags {
  readonly reason: string;
  readonly by?: string;
  readonly full?: boolean;
}

/**
 * What an operator command does once its arguments and configuration are valid: record the
 * action with who and why, apply it (at once, or at the rollout's next gate check), print what happened.
 */
export async function operateAction(host: IoHost, config: BraidConfig, action: OperatorVerb, operationId: string, flags: OperatorFlags): Promise<void> {
  const by = flags.by ?? `cli:${osUser(host.io.env)}`;
  const effective: OperatorAction = action === 'promote' && flags.full ? 'promote_full' : action;
  const { result, kind } = await inBraid(host, config, async (context) => {
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
