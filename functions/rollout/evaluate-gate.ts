import { AUDIT_KINDS } from '../core/audit.js';
import { judgeGate, nextAfterVerdict, type GateJudgement, type GateNext } from '../core/gate-judge.js';
import { judgeCanary } from '../core/judge/canary-judge.js';
import type { GateOutcome, SnapshottedState } from '../core/rollout-state.js';
import type { PlannedShift } from '../core/shift-planner.js';
import { appendAudit, auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What judging a step needs. */
export type EvaluateGateDeps = Pick<TaskDeps, 'commands' | 'audit' | 'alarms' | 'telemetry' | 'clock' | 'newId'>;

/** The shortest window of telemetry a verdict reads. */
const LOOKBACK_MS = 60_000;

/**
 * Judges the current step. During its bake (when the target checks at an interval) it only
 * looks for a firing gate alarm and for operator commands; once the bake is over (or an operator
 * promotes) it judges fully: gate alarms, the new version's own telemetry since the step began,
 * and the canary judge if enabled. Stores the verdict with its evidence and says what follows:
 * advance, wait for a person, look again, or roll back.
 */
export async function evaluateGate(state: SnapshottedState, shift: PlannedShift, deps: EvaluateGateDeps): Promise<GateOutcome> {
  const { op } = state;
  const nowMs = deps.clock.nowMs();
  const command = (await deps.commands.get(state.operationId)) ?? null;
  const fromHold = state.gate?.index === shift.index && state.gate.next === 'hold';
  const bakeLeftMs = shift.startedAtMs + shift.bakeSeconds * 1000 - nowMs;
  const promoting = command?.action === 'promote' || command?.action === 'promote_full';
  const interim = bakeLeftMs > 0 && !fromHold && !promoting;

  const judgement = interim ? await lookDuringBake(state, deps, nowMs) : await judgeStep(state, shift, deps, nowMs);
  // Re-evaluations count up within a step and start over after a person resumed it from a pause.
  const previous = state.gate;
  const continuing = previous?.index === shift.index && !fromHold && !previous.interim;
  const attempt = interim ? 0 : (continuing ? previous.attempt : 0) + 1;
  const nextIndex = command?.action === 'promote_full' ? op.plan.length - 1 : shift.index + 1;
  let next: GateNext = interim
    ? judgement.verdict === 'fail'
      ? 'rollback'
      : 'recheck'
    : nextAfterVerdict(judgement.verdict, attempt, op.gate, op.plan[nextIndex]?.approval ?? false);
  if (command?.action === 'abort') next = 'rollback';
  else if (command?.action === 'pause' && next !== 'rollback') next = 'hold';
  const recheckSeconds = interim ? Math.min(op.gate.checkIntervalSeconds, Math.ceil(bakeLeftMs / 1000)) : op.gate.recheckSeconds;

  const scope = auditScope(state, 'braid:evaluate-gate');
  await appendAudit(
    deps,
    scope,
    AUDIT_KINDS.gateVerdict,
    {
      step: shift.index,
      attempt,
      interim,
      verdict: judgement.verdict,
      next,
      summary: judgement.summary,
      checks: judgement.checks,
      alarms: judgement.alarms,
      missingAlarms: judgement.missingAlarms,
      telemetry: judgement.telemetry,
      canaryJudgement: judgement.canaryJudgement,
    },
    // A look during the bake is the step's verdict only when it fails it.
    interim && judgement.verdict !== 'fail' ? undefined : { lastVerdict: judgement.verdict, lastVerdictSummary: judgement.summary, updatedAtMs: nowMs },
  );
  if (command) {
    await deps.commands.clear(
      state.operationId,
      command,
      auditRecord(deps, { ...scope, kind: AUDIT_KINDS.commandApplied, detail: { ...command, step: shift.index, next } }),
    );
  }
  return { verdict: judgement.verdict, index: shift.index, attempt, next, recheckSeconds, interim, command };
}

/** During the bake: only a gate alarm in ALARM matters (the telemetry guards need the whole window). */
async function lookDuringBake(state: SnapshottedState, deps: EvaluateGateDeps, nowMs: number): Promise<GateJudgement> {
  const { op } = state;
  const alarms = await deps.alarms.readAlarms(op.gateAlarmNames);
  return judgeGate({
    policy: { ...op.gate, minInvocations: 0, maxTelemetryAgeSeconds: 0, insufficientData: 'pass' },
    alarmNames: op.gateAlarmNames,
    alarms,
    nowMs,
  });
}

/** The step's verdict: alarms, the new version's telemetry, and the canary judge when enabled. */
async function judgeStep(state: SnapshottedState, shift: PlannedShift, deps: EvaluateGateDeps, nowMs: number): Promise<GateJudgement> {
  const { op } = state;
  // A step judged as soon as it starts (a promotion without a bake) looks back one minute, at the traffic just before it.
  const window = { functionName: op.functionName, aliasName: op.aliasName, startMs: Math.min(shift.startedAtMs, nowMs - LOOKBACK_MS), endMs: nowMs };
  // The judge compares versions sharing traffic; after promotion the stable version serves nothing.
  const stableVersion = op.canaryJudge && shift.action === 'shift' ? state.alias.functionVersion : undefined;
  const [alarms, telemetry, stable] = await Promise.all([
    deps.alarms.readAlarms(op.gateAlarmNames),
    deps.telemetry.read({ ...window, version: state.newVersion }),
    stableVersion ? deps.telemetry.read({ ...window, version: stableVersion }) : undefined,
  ]);
  const canaryJudgement = stable && op.canaryJudge ? judgeCanary({ stable, canary: telemetry, policy: op.canaryJudge }) : undefined;
  return judgeGate({ policy: op.gate, alarmNames: op.gateAlarmNames, alarms, telemetry, canaryJudgement, nowMs });
}
