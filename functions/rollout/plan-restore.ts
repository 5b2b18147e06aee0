import { AUDIT_KINDS } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import { planRestore, type RestoreDecision } from '../core/restore-planner.js';
import type { SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/**
 * Compensation: decides whether the alias goes back to the snapshot, with the RevisionId of a
 * fresh read so that a concurrent change makes the restore fail rather than overwrite it.
 * The intent is recorded behind the lease fence before the state machine restores (I3).
 */
export async function planRestoreTask(state: SnapshottedState, deps: TaskDeps): Promise<RestoreDecision> {
  const { op, lease } = state;
  const base = { operationId: state.operationId, targetName: state.targetName, actor: 'braid:plan-restore', epoch: lease.epoch };
  const record = await deps.table.getOperation(state.operationId);
  if (!record?.snapshot) {
    // Compensation only runs after the snapshot; without one there is nothing known to restore to.
    return flag(state, deps, base, { action: 'flag', reason: 'no snapshot recorded for this operation' });
  }
  const current = await deps.aliases.readAlias(op.functionName, op.aliasName);
  const decision = planRestore({
    snapshot: record.snapshot,
    current,
    newVersion: state.newVersion,
    plan: op.plan,
    lastRevisionId: state.alias.revisionId,
    rollback: op.rollback,
    progress: state.restore?.action === 'restore' ? state.restore.progress : undefined,
  });
  if (decision.action === 'flag') return flag(state, deps, base, decision, current);
  if (decision.action === 'none') return decision;
  try {
    await deps.table.writeFenced({
      targetName: state.targetName,
      operationId: state.operationId,
      epoch: lease.epoch,
      audit: auditRecord(deps, {
        ...base,
        kind: AUDIT_KINDS.aliasRestoreIntended,
        detail: {
          from: current,
          to: { functionVersion: decision.functionVersion, additionalVersionWeights: decision.routingConfig.AdditionalVersionWeights },
          snapshot: record.snapshot,
          step: decision.final ? undefined : decision.progress.step,
          cause: state.error ?? state.gate,
        },
      }),
    });
  } catch (error) {
    if (!(error instanceof LeaseLostError)) throw error;
    return flag(state, deps, base, { action: 'flag', reason: `lease lost before restore: ${error.message}` }, current);
  }
  return decision;
}

async function flag(
  state: SnapshottedState,
  deps: TaskDeps,
  base: { operationId: string; targetName: string; actor: string; epoch: number },
  decision: { action: 'flag'; reason: string },
  current?: unknown,
): Promise<RestoreDecision> {
  await deps.table.appendAudit(
    auditRecord(deps, {
      ...base,
      kind: AUDIT_KINDS.operationFlagged,
      detail: { reason: decision.reason, currentAlias: current, cause: state.error ?? state.gate },
    }),
  );
  return decision;
}
