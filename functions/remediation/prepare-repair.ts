import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AUDIT_KINDS } from '../core/audit.js';
import { TargetBusyError } from '../core/errors.js';
import { decideLease, heldByOtherSince, LEASE_MARGIN_MS } from '../core/lease.js';
import type { RemediationState, WatchPlan } from '../core/remediation-state.js';
import { planRepair, type RepairPlan } from '../core/remediation/repair-planner.js';
import type { RemediationRunbook } from '../core/remediation/runbook.js';
import { appendAudit, auditRecord, writeFencedAudit } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { loadIncident, worstAlarmState, type LoadedIncident, type LoadIncidentDeps } from './load-incident.js';

/** What preparing a repair needs. */
export type PrepareRepairDeps = LoadIncidentDeps & Pick<TaskDeps, 'leases' | 'audit' | 'incidents' | 'controls' | 'aliases' | 'alarms' | 'clock' | 'newId'>;

/** How long a remediation holds the target's lease: the whole verification, and a margin. */
export function remediationLeaseMs(runbook: RemediationRunbook): number {
  return (runbook.verify.bakeSeconds + runbook.verify.maxChecks * Math.max(runbook.verify.recheckSeconds, runbook.verify.bakeSeconds)) * 1000 + LEASE_MARGIN_MS;
}

/**
 * Act: takes the target's lease (a rollout or another repair holding it refuses this one, and
 * the state machine retries, then escalates), checks the kill switches again, re-reads the
 * alarm and the alias, and plans the repair. A repair that is no longer needed is skipped; a
 * mutating one is audited, with its before and after, behind the lease fence before the
 * state machine applies it with one direct call.
 */
export async function prepareRepair(state: RemediationState, deps: PrepareRepairDeps): Promise<RemediationState> {
  const { operation, target, runbook, action, alarmNames } = await loadIncident(state, deps);
  const nowMs = deps.clock.nowMs();
  const base = { operationId: state.operationId, targetName: state.targetName, actor: 'braid:prepare-repair' };
  const current = await deps.leases.get(state.targetName);
  const decision = decideLease(current, state.operationId, nowMs);
  if (!decision.grant) {
    await appendAudit(deps, base, AUDIT_KINDS.leaseRefused, { holder: decision.holder });
    throw new TargetBusyError(state.targetName, decision.holder);
  }
  const epoch = decision.epoch;
  const expiresAtMs = nowMs + remediationLeaseMs(runbook);
  await deps.leases.acquire({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch,
    expected: current,
    acquiredAtMs: nowMs,
    expiresAtMs,
    audit: auditRecord(deps, { ...base, kind: AUDIT_KINDS.leaseAcquired, epoch, detail: { expiresAtMs, previousHolder: current?.holder } }),
  });
  const fenced = { ...base, epoch };
  const alarmAtMs = operation.incident?.stateTimestampMs;
  if (state.trigger === 'alarm' && alarmAtMs !== undefined && heldByOtherSince(current, state.operationId, alarmAtMs)) {
    const watch: WatchPlan = {
      kind: 'watch',
      reason: `operation ${current?.holder ?? current?.releasedBy ?? 'another operation'} held ${state.targetName} when or after the alarm fired and may have changed it; Braid watches the alarm instead of repairing on top of that change`,
    };
    await writeFencedAudit(deps, fenced, AUDIT_KINDS.repairSkipped, { action, plan: watch.kind, reason: watch.reason });
    return {
      ...state,
      lease: { epoch },
      repair: watch,
      verify: { verdict: 'pending', waitSeconds: runbook.verify.bakeSeconds, checks: 0, reason: 'watching the alarm' },
    };
  }
  const plan = await planNow(state, { operation, target, runbook, action, alarmNames }, deps);
  if (plan.kind === 'skip' || plan.kind === 'escalate' || plan.kind === 'notify') {
    await writeFencedAudit(deps, fenced, AUDIT_KINDS.repairSkipped, {
      action,
      plan: plan.kind,
      reason: 'reason' in plan ? plan.reason : 'the runbook only notifies',
    });
    return { ...state, lease: { epoch }, repair: plan };
  }
  await deps.incidents.recordRepairIntent({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch,
    action,
    atMs: nowMs,
    renewUntilMs: expiresAtMs,
    audit: auditRecord(deps, { ...fenced, kind: AUDIT_KINDS.repairIntended, detail: { action, ...intentDetail(plan) } }),
    operationChanges: { status: 'running', updatedAtMs: nowMs },
  });
  return {
    ...state,
    lease: { epoch },
    repair: plan,
    verify: { verdict: 'pending', waitSeconds: runbook.verify.bakeSeconds, checks: 0, reason: 'repair applied; baking' },
  };
}

/** Re-reads what the plan depends on; a kill switch turned on since the decision stops the repair here. */
async function planNow(state: RemediationState, incident: LoadedIncident, deps: PrepareRepairDeps): Promise<RepairPlan> {
  const { target, runbook, action, alarmNames, operation } = incident;
  let control;
  let global;
  try {
    [control, global] = await Promise.all([deps.controls.readTarget(target.targetName), deps.controls.readGlobal()]);
  } catch (error) {
    return {
      kind: 'escalate',
      reason: `the kill switch could not be read (${error instanceof Error ? error.name : String(error)}); Braid does not act without knowing it is allowed to`,
    };
  }
  for (const [scope, killSwitch] of [
    ['global', global.killSwitch],
    ['target', control.killSwitch],
  ] as const) {
    if ('unreadable' in killSwitch)
      return { kind: 'escalate', reason: `the ${scope} kill switch is unreadable (${killSwitch.error}); Braid does not act without knowing it is allowed to` };
    if (killSwitch.on)
      return {
        kind: 'escalate',
        reason: `the ${scope} kill switch was turned on by ${killSwitch.by} after the decision ("${killSwitch.reason}"); nothing was changed`,
      };
  }
  const [alias, alarm, reservedConcurrency] = await Promise.all([
    deps.aliases.readAlias(target.functionName, target.aliasName),
    worstAlarmState(alarmNames, deps),
    action === 'throttle' ? deps.aliases.readReservedConcurrency(target.functionName) : Promise.resolve(undefined),
  ]);
  return planRepair({
    action,
    runbook,
    live: { alias, alarmState: alarm.state, lastKnownGood: control.knownGood?.lastKnownGood, reservedConcurrency },
    functionName: target.functionName,
    aliasName: target.aliasName,
    operationId: state.operationId,
    targetName: target.targetName,
    alarmName: operation.incident?.alarmName,
    trigger: state.trigger,
  });
}

function intentDetail(plan: RepairPlan): Record<string, unknown> {
  switch (plan.kind) {
    case 'update_alias':
      // The same fields as a rollout's shift intent, so one invariant check matches every alias update to its record.
      return {
        repair: plan.kind,
        from: plan.before,
        to: plan.after,
        functionVersion: plan.after.functionVersion,
        additionalVersionWeights: plan.after.additionalVersionWeights,
      };
    case 'put_concurrency':
      return { repair: plan.kind, from: plan.before, to: plan.after };
    case 'invoke_runbook':
      return { repair: plan.kind, functionName: plan.params.FunctionName, idempotencyKey: plan.params.Payload.idempotencyKey };
    default:
      return { repair: plan.kind };
  }
}

/** The PrepareRepair task: it also counts repairs skipped because the alarm had already recovered. */
export const prepareRepairTask: TaskCode<RemediationState, RemediationState, PrepareRepairDeps> = {
  name: 'prepare-repair',
  run: prepareRepair,
  recordMetrics: (result, metrics) => {
    if (result.repair?.kind !== 'skip') return;
    metrics.addMetric('RepairsSkipped', MetricUnit.Count, 1);
  },
};
