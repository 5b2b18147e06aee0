import { AUDIT_KINDS } from '../core/audit.js';
import { LeaseLostError } from '../core/errors.js';
import { planRestore, type RestoreDecision } from '../core/restore-planner.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState, type SnapshottedState } from '../core/rollout-state.js';
import { appendAudit, auditScope, writeFencedAudit, type AuditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What compensation needs. */
export type PlanRestoreDeps = Pick<TaskDeps, 'operations' | 'aliases' | 'audit' | 'clock' | 'newId'>;

/**
 * Compensation: decides whether the alias goes back to the snapshot, with the RevisionId of a
 * fresh read so that a concurrent change makes the restore fail rather than overwrite it.
 * The intent is recorded behind the lease fence before the state machine restores (I3).
 */
export async function compensateRollout(state: SnapshottedState, deps: PlanRestoreDeps): Promise<RestoreDecision> {
  const { op } = state;
  const scope = auditScope(state, 'braid:plan-restore');
  const record = await deps.operations.get(state.operationId);
  const snapshot = record?.kind === 'rollout' ? record.snapshot : undefined;
  if (!snapshot) {
    // Compensation only runs after the snapshot; without one there is nothing known to restore to.
    return flag(state, deps, scope, { action: 'flag', reason: 'no snapshot recorded for this operation' });
  }
  const current = await deps.aliases.readAlias(op.functionName, op.aliasName);
  const decision = planRestore({
    snapshot,
    current,
    newVersion: state.newVersion,
    plan: op.plan,
    lastRevisionId: state.alias.revisionId,
    rollback: op.rollback,
    progress: state.restore?.action === 'restore' ? state.restore.progress : undefined,
  });
  if (decision.action === 'flag') return flag(state, deps, scope, decision, current);
  if (decision.action === 'none') return decision;
  try {
    await writeFencedAudit(deps, scope, AUDIT_KINDS.aliasRestoreIntended, {
      from: current,
      to: { functionVersion: decision.functionVersion, additionalVersionWeights: decision.routingConfig.AdditionalVersionWeights },
      snapshot,
      step: decision.final ? undefined : decision.progress.step,
      cause: state.error ?? state.gate,
    });
  } catch (error) {
    if (!(error instanceof LeaseLostError)) throw error;
    return flag(state, deps, scope, { action: 'flag', reason: `lease lost before restore: ${error.message}` }, current);
  }
  return decision;
}

async function flag(
  state: SnapshottedState,
  deps: PlanRestoreDeps,
  scope: AuditScope,
  decision: { action: 'flag'; reason: string },
  current?: unknown,
): Promise<RestoreDecision> {
  await appendAudit(deps, scope, AUDIT_KINDS.operationFlagged, { reason: decision.reason, currentAlias: current, cause: state.error ?? state.gate });
  return decision;
}

/** The CompensateRollout task. */
export const planRestoreTask: TaskCode<RolloutState, RestoreDecision, PlanRestoreDeps> = {
  name: 'plan-restore',
  run: (state, deps) => compensateRollout(inPhase(state, ROLLOUT_PHASES.snapshotted), deps),
};
