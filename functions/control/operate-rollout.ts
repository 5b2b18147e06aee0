import { AUDIT_KINDS } from '../core/audit.js';
import type { HoldRecord } from '../core/holds.js';
import { CommandRefusedError, requireWhoAndWhy, type OperatorAction, type OperatorCommand } from '../core/operator-commands.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { resolveHold, type ResolveHoldDeps } from './resolve-hold.js';

/** What an operator's request on a rollout needs. */
export type OperateRolloutDeps = ResolveHoldDeps & Pick<TaskDeps, 'operations' | 'commands'>;

/** An operator's request on a rollout. */
export interface OperatorRequest {
  readonly operationId: string;
  readonly action: OperatorAction;
  readonly by: string;
  readonly reason: string;
}

/** What became of the request: decided now (a hold), or recorded for the next gate check. */
export type OperatorResult =
  | { readonly applied: 'now'; readonly action: OperatorAction; readonly hold: Omit<HoldRecord, 'token'> }
  | { readonly applied: 'at-next-check'; readonly action: OperatorAction; readonly command: OperatorCommand };

/**
 * Carries out an operator's request, audited with who and why. A rollout waiting for a person is
 * decided at once (approve, reject, resume, abort; promote approves an approval point). Otherwise
 * abort, pause, promote and promote --full are recorded and applied at the rollout's next gate
 * check: at the end of the current bake, or sooner when the target checks during bakes.
 */
export async function operateRollout(request: OperatorRequest, deps: OperateRolloutDeps): Promise<OperatorResult> {
  requireWhoAndWhy(request.action, request);
  const pending = (await deps.holds.list(request.operationId)).filter((hold) => hold.status === 'pending').at(-1);
  const decide = async (decision: 'approve' | 'reject' | 'abort'): Promise<OperatorResult> => {
    const { token: _token, ...hold } = await resolveHold({ operationId: request.operationId, decision, by: request.by, reason: request.reason }, deps);
    return { applied: 'now', action: request.action, hold };
  };
  switch (request.action) {
    case 'approve':
    case 'reject':
      return decide(request.action);
    case 'resume':
      if (pending && pending.kind !== 'approval') return decide('approve');
      throw new CommandRefusedError(`Operation ${request.operationId} is not paused; resume continues a paused rollout (use approve for an approval point).`);
    case 'abort':
      if (pending) return decide('abort');
      return record(request, deps, 'abort');
    case 'pause':
      if (pending) throw new CommandRefusedError(`Operation ${request.operationId} already waits for a person (${pending.kind} on step ${pending.index + 1}).`);
      return record(request, deps, 'pause');
    case 'promote':
    case 'promote_full': {
      if (pending?.kind === 'approval') {
        // Approved now; `--full` then skips the remaining steps once the approved step has passed its gate.
        if (request.action === 'promote_full') await record(request, deps, 'promote_full');
        return decide('approve');
      }
      if (pending) throw new CommandRefusedError(`Operation ${request.operationId} is paused; resume it first.`);
      return record(request, deps, request.action);
    }
  }
}

async function record(request: OperatorRequest, deps: OperateRolloutDeps, action: OperatorCommand['action']): Promise<OperatorResult> {
  const operation = await deps.operations.get(request.operationId);
  if (!operation) throw new CommandRefusedError(`Operation ${request.operationId} does not exist.`);
  const command: OperatorCommand = { action, by: request.by, reason: request.reason, atMs: deps.clock.nowMs() };
  await deps.commands.put(request.operationId, command, {
    auditId: deps.newId(),
    kind: AUDIT_KINDS.commandRecorded,
    operationId: request.operationId,
    targetName: operation.targetName,
    atMs: command.atMs,
    actor: `user:${request.by}`,
    detail: { ...command },
  });
  return { applied: 'at-next-check', action: request.action, command };
}
