import { AUDIT_KINDS } from '../core/audit.js';
import type { RemediationState } from '../core/remediation-state.js';
import { planUndo } from '../core/remediation/repair-planner.js';
import { auditRecord } from '../rollout/task-deps.js';
import { loadIncident } from './load-incident.js';
import type { RemediationDeps } from './remediation-deps.js';

/**
 * Compensation of a repair that did not converge: where the runbook says `undo` and the
 * action has an undo (restore the alias or the concurrency it found), plans it and audits it
 * behind the lease fence; otherwise keeps the repair. Escalation follows either way.
 */
export async function planUndoTask(state: RemediationState, deps: RemediationDeps): Promise<RemediationState> {
  const { runbook } = await loadIncident(state, deps);
  const undo =
    runbook.onNotConverged === 'undo' && state.repair && state.repair.kind !== 'watch' ? planUndo(state.repair, state.applied?.revisionId) : undefined;
  const result = undo ?? {
    kind: 'none' as const,
    reason: runbook.onNotConverged === 'keep' ? 'the runbook keeps a repair that did not converge' : 'this repair has no undo',
  };
  await deps.table.writeFenced({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch: state.lease?.epoch ?? 0,
    audit: auditRecord(deps, {
      kind: AUDIT_KINDS.undoIntended,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:plan-undo',
      epoch: state.lease?.epoch,
      detail:
        undo?.kind === 'update_alias'
          ? {
              undo: undo.kind,
              to: undo.restores,
              functionVersion: undo.restores.functionVersion,
              additionalVersionWeights: undo.restores.additionalVersionWeights,
            }
          : { undo: result.kind, ...('reason' in result ? { reason: result.reason } : {}), ...('params' in result ? { params: result.params } : {}) },
    }),
  });
  return { ...state, undo: result };
}
