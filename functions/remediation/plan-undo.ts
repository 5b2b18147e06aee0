import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { planUndo } from '../core/remediation/repair-planner.js';
import { auditScope, writeFencedAudit } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, type LoadIncidentDeps } from './load-incident.js';

/** What planning an undo needs. */
export type PlanUndoDeps = LoadIncidentDeps & Pick<TaskDeps, 'audit' | 'clock' | 'newId'>;

/**
 * Compensation of a repair that did not converge: where the runbook says `undo` and the
 * action has an undo (restore the alias or the concurrency it found), plans it and audits it
 * behind the lease fence; otherwise keeps the repair. Escalation follows either way.
 */
export async function planRepairUndo(state: RemediationState, deps: PlanUndoDeps): Promise<RemediationState> {
  const { runbook } = await loadIncident(state, deps);
  const undo =
    runbook.onNotConverged === 'undo' && state.repair && state.repair.kind !== 'watch' ? planUndo(state.repair, state.applied?.revisionId) : undefined;
  const result = undo ?? {
    kind: 'none' as const,
    reason: runbook.onNotConverged === 'keep' ? 'the runbook keeps a repair that did not converge' : 'this repair has no undo',
  };
  // Only a repair that took the lease reaches PlanUndo: without one the fence refuses (epoch 0 is never held).
  await writeFencedAudit(
    deps,
    { ...auditScope(state, 'braid:plan-undo'), epoch: state.lease?.epoch ?? 0 },
    AUDIT_KINDS.undoIntended,
    undo?.kind === 'update_alias'
      ? {
          undo: undo.kind,
          to: undo.restores,
          functionVersion: undo.restores.functionVersion,
          additionalVersionWeights: undo.restores.additionalVersionWeights,
        }
      : { undo: result.kind, ...('reason' in result ? { reason: result.reason } : {}), ...('params' in result ? { params: result.params } : {}) },
  );
  return { ...state, undo: result };
}

/** The PlanUndo task. */
export const planUndoTask: TaskCode<RemediationState, RemediationState, PlanUndoDeps> = { name: 'plan-undo', run: planRepairUndo };
