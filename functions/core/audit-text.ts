import type { AliasRouting } from './alias-state.js';
import { AUDIT_KINDS, type AuditRecord } from './audit.js';
import { describeRouting } from './restore-planner.js';

/**
 * One readable line for an audit record, e.g. `gate pass on step 1: all 1 gate alarm(s) OK`:
 * the same words in `braid rollout history` and in simulation timelines.
 */
export function describeAudit(record: AuditRecord): string {
  const detail = record.detail as Record<string, unknown>;
  const step = (field = 'step') => `step ${Number(detail[field]) + 1}`;
  switch (record.kind) {
    case AUDIT_KINDS.operationCreated: {
      const plan = Array.isArray(detail.plan) ? (detail.plan as { weight: number; bakeSeconds: number }[]) : [];
      const steps = plan.map((s) => `${s.weight}%/${s.bakeSeconds}s`).join(' → ');
      return `rollout to version ${String(detail.newVersion)} requested${steps ? `, plan ${steps}` : ''}${detail.reason ? ` — "${String(detail.reason)}"` : ''}`;
    }
    case AUDIT_KINDS.leaseAcquired:
      return `lease acquired (epoch ${record.epoch ?? '?'})${detail.previousHolder ? `, previously held by ${String(detail.previousHolder)}` : ''}`;
    case AUDIT_KINDS.leaseRefused:
      return `lease refused: held by ${String(detail.holder)}`;
    case AUDIT_KINDS.aliasSnapshot:
      return `snapshot: alias on ${describeRouting(detail.snapshot as AliasRouting)}`;
    case AUDIT_KINDS.aliasShiftIntended:
      return detail.action === 'promote'
        ? `${step()}: promote to version ${String(detail.functionVersion)}`
        : `${step()}: shift ${String(detail.weight)}% to the new version`;
    case AUDIT_KINDS.gateVerdict:
      if (detail.interim)
        return detail.verdict === 'fail' ? `gate fail on ${step()} during its bake: ${String(detail.summary)}` : `${step()} baking: ${String(detail.summary)}`;
      return `gate ${String(detail.verdict)} on ${step()}${Number(detail.attempt) > 1 ? ` (evaluation ${String(detail.attempt)})` : ''}: ${String(detail.summary)}`;
    case AUDIT_KINDS.aliasRestoreIntended:
      return `roll back: alias ${describeRouting(detail.from as AliasRouting)} → ${describeRouting(detail.to as AliasRouting)}`;
    case AUDIT_KINDS.operationFlagged:
      return `flagged for a human: ${String(detail.reason)}`;
    case AUDIT_KINDS.operationFinished:
      return `finished ${String(detail.status)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.leaseReleased:
      return 'lease released';
    case AUDIT_KINDS.holdRequested:
      if (detail.kind === 'approval' && detail.repair !== undefined)
        return `waiting for approval of the repair ${String(detail.repair)} (times out in ${String(detail.timeoutSeconds)} s)`;
      if (detail.kind === 'approval') return `waiting for approval of ${step('index')} (times out in ${String(detail.timeoutSeconds)} s)`;
      if (detail.kind === 'paused') return `paused on ${step('index')} by an operator; waiting to be resumed`;
      return `paused on ${step('index')}: the gate stayed inconclusive; waiting for a person`;
    case AUDIT_KINDS.holdDecided:
      return `${String(detail.kind)} on ${step('index')} ${String(detail.status).replace('_', ' ')}${detail.by ? ` by ${String(detail.by)}` : ''}${detail.reason ? `: ${String(detail.reason)}` : ''}`;
    case AUDIT_KINDS.commandRecorded:
      return `${String(detail.action).replace('_', ' ')} requested by ${String(detail.by)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.commandApplied:
      return `${String(detail.action).replace('_', ' ')} applied on ${step()}`;
    case AUDIT_KINDS.hookResult:
      return `${detail.hook === 'preTraffic' ? 'pre-traffic' : 'post-traffic'} hook ${String(detail.functionName)} ${detail.status === 'Succeeded' ? 'passed' : 'failed'}: ${String(detail.reason)}`;
    default:
      // Records of kinds newer than this code still show their data.
      return describeRemediationAudit(record) ?? JSON.stringify(detail);
  }
}

/** The remediation braid's and its controls' records; undefined for any other kind. */
function describeRemediationAudit(record: AuditRecord): string | undefined {
  const detail = record.detail as Record<string, unknown>;
  switch (record.kind) {
    case AUDIT_KINDS.eventRejected:
      return `event rejected (${String(detail.code)}): ${String(detail.message)}`;
    case AUDIT_KINDS.incidentDetected:
      return `incident: alarm ${String(detail.alarmName)} went to ALARM${typeof detail.timeToDetectMs === 'number' ? ` (detected ${seconds(detail.timeToDetectMs)} later)` : ''}`;
    case AUDIT_KINDS.incidentDuplicate:
      return `duplicate delivery of the incident suppressed${detail.eventId ? ` (event ${String(detail.eventId)})` : ''}`;
    case AUDIT_KINDS.repairRequested:
      return `repair ${String(detail.action)}${detail.reservedConcurrency === undefined ? '' : ` (reserved concurrency ${String(detail.reservedConcurrency)})`} requested by ${String(detail.by)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.remediationDecided:
      return `decided ${String(detail.decision)} (${String(detail.rule)}): ${String(detail.reason)}`;
    case AUDIT_KINDS.repairSkipped:
      if (detail.plan === 'notify') return `no repair: ${String(detail.reason)}`;
      return `repair ${String(detail.action)} ${detail.plan === 'escalate' ? 'not made, escalating' : 'skipped'}: ${String(detail.reason)}`;
    case AUDIT_KINDS.repairIntended:
      return `repair: ${describeRepair(detail)}`;
    case AUDIT_KINDS.convergenceChecked:
      return `convergence check ${String(detail.check)}: ${String(detail.verdict).replace('_', ' ')} — ${String(detail.reason)}`;
    case AUDIT_KINDS.undoIntended:
      return describeUndo(detail);
    case AUDIT_KINDS.escalationRecorded:
      return `escalated: ${String(detail.reason)}${detail.notify === true ? ' (notified)' : detail.notify === false ? ' (already notified within the quiet window)' : ''}`;
    case AUDIT_KINDS.breakerChanged:
      return describeBreaker(detail);
    case AUDIT_KINDS.killSwitchChanged:
      return `kill switch (${String(detail.scope)}) ${detail.on ? 'on' : 'off'} by ${String(detail.by)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.knownGoodRecorded:
      return `last known good: ${String(detail.lastKnownGood)} (now on ${String(detail.current)})`;
    default:
      return undefined;
  }
}

/** The one change a repair makes, from its intent record. */
function describeRepair(detail: Record<string, unknown>): string {
  switch (detail.repair) {
    case 'update_alias':
      return `alias ${describeRouting(detail.from as AliasRouting)} → ${describeRouting(detail.to as AliasRouting)}`;
    case 'put_concurrency':
      return `reserved concurrency ${detail.from === null || detail.from === undefined ? 'none' : String(detail.from)} → ${String(detail.to)}`;
    case 'invoke_runbook':
      return `invoke runbook ${String(detail.functionName)}`;
    default:
      return String(detail.repair ?? detail.action);
  }
}

function describeUndo(detail: Record<string, unknown>): string {
  const params = (detail.params ?? {}) as Record<string, unknown>;
  switch (detail.undo) {
    case 'update_alias':
      return `undo: alias back to ${describeRouting(detail.to as AliasRouting)}`;
    case 'put_concurrency':
      return `undo: reserved concurrency back to ${String(params.ReservedConcurrentExecutions)}`;
    case 'delete_concurrency':
      return 'undo: remove the reserved concurrency';
    default:
      return `no undo: ${String(detail.reason)}`;
  }
}

function describeBreaker(detail: Record<string, unknown>): string {
  if (detail.reset) {
    const was = (detail.was ?? {}) as { open?: boolean; consecutiveFailures?: number };
    return `breaker reset by ${String(detail.by)} (was ${was.open ? 'open' : 'closed'}, ${Number(was.consecutiveFailures ?? 0)} failure(s) in a row): ${String(detail.reason)}`;
  }
  if (detail.opened) return `breaker: opened after ${String(detail.consecutiveFailures)} failures`;
  return `breaker: ${String(detail.consecutiveFailures)} failure(s) in a row, ${detail.open ? 'open' : 'closed'}`;
}

/** `0.4 s`: milliseconds as seconds, to a tenth. */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
