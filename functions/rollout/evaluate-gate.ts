import { AUDIT_KINDS } from '../core/audit.js';
import { judgeAlarms } from '../core/gate-judge.js';
import type { GateVerdict, RolloutState } from '../core/rollout-state.js';
import { requireField } from './require-field.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/** Judges the step that just baked by its gate alarms and stores the verdict with its evidence. */
export async function evaluateGate(state: RolloutState, deps: TaskDeps): Promise<{ verdict: GateVerdict; index: number }> {
  const op = requireField(state, 'op');
  const shift = requireField(state, 'shift');
  const readings = await deps.alarms.readAlarms(op.gateAlarmNames);
  const judgement = judgeAlarms(op.gateAlarmNames, readings);
  await deps.table.appendAudit(
    auditRecord(deps, {
      kind: AUDIT_KINDS.gateVerdict,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:evaluate-gate',
      epoch: state.lease?.epoch,
      detail: { step: shift.index, verdict: judgement.verdict, summary: judgement.summary, alarms: judgement.alarms, missingAlarms: judgement.missingAlarms },
    }),
    { lastVerdict: judgement.verdict, lastVerdictSummary: judgement.summary, updatedAtMs: deps.clock.nowMs() },
  );
  return { verdict: judgement.verdict, index: shift.index };
}
