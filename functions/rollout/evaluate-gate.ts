import { AUDIT_KINDS } from '../core/audit.js';
import { judgeGate, nextAfterVerdict, type GateNext } from '../core/gate-judge.js';
import { judgeCanary } from '../core/judge/canary-judge.js';
import type { GateVerdict, RolloutState } from '../core/rollout-state.js';
import { requireField } from './require-field.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/** The shortest window of telemetry a verdict reads. */
const LOOKBACK_MS = 60_000;

/** What EvaluateGate adds to the state. */
export interface GateOutcome {
  verdict: GateVerdict;
  index: number;
  attempt: number;
  next: GateNext;
  recheckSeconds: number;
}

/**
 * Judges the step that just baked (or is being re-evaluated) by its gate alarms and the new
 * version's own telemetry since the step began, stores the verdict with its evidence, and says
 * what follows: advance, hold the weight and look again, or roll back.
 */
export async function evaluateGate(state: RolloutState, deps: TaskDeps): Promise<GateOutcome> {
  const op = requireField(state, 'op');
  const shift = requireField(state, 'shift');
  if (shift.action === 'complete') throw new Error('EvaluateGate runs only after a shift or a promotion.');
  const nowMs = deps.clock.nowMs();
  // A step judged as soon as it starts (a promotion without a bake) looks back one minute, at the traffic just before it.
  const window = { functionName: op.functionName, aliasName: op.aliasName, startMs: Math.min(shift.startedAtMs, nowMs - LOOKBACK_MS), endMs: nowMs };
  // The judge compares versions sharing traffic; after promotion the stable version serves nothing.
  const stableVersion = op.canaryJudge && shift.action === 'shift' ? state.alias?.functionVersion : undefined;
  const [alarms, telemetry, stable] = await Promise.all([
    deps.alarms.readAlarms(op.gateAlarmNames),
    deps.telemetry.read({ ...window, version: state.newVersion }),
    stableVersion ? deps.telemetry.read({ ...window, version: stableVersion }) : undefined,
  ]);
  const canaryJudgement = stable && op.canaryJudge ? judgeCanary({ stable, canary: telemetry, policy: op.canaryJudge }) : undefined;
  const judgement = judgeGate({ policy: op.gate, alarmNames: op.gateAlarmNames, alarms, telemetry, canaryJudgement, nowMs });
  // Re-evaluations count up within a step and start over after a person resumed it from a pause.
  const continuing = state.gate?.index === shift.index && state.gate.next !== 'hold';
  const attempt = (continuing ? state.gate!.attempt : 0) + 1;
  const next = nextAfterVerdict(judgement.verdict, attempt, op.gate, op.plan[shift.index + 1]?.approval ?? false);
  await deps.table.appendAudit(
    auditRecord(deps, {
      kind: AUDIT_KINDS.gateVerdict,
      operationId: state.operationId,
      targetName: state.targetName,
      actor: 'braid:evaluate-gate',
      epoch: state.lease?.epoch,
      detail: {
        step: shift.index,
        attempt,
        verdict: judgement.verdict,
        next,
        summary: judgement.summary,
        checks: judgement.checks,
        alarms: judgement.alarms,
        missingAlarms: judgement.missingAlarms,
        telemetry: judgement.telemetry,
        canaryJudgement: judgement.canaryJudgement,
      },
    }),
    { lastVerdict: judgement.verdict, lastVerdictSummary: judgement.summary, updatedAtMs: nowMs },
  );
  return { verdict: judgement.verdict, index: shift.index, attempt, next, recheckSeconds: op.gate.recheckSeconds };
}
