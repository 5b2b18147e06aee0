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
      return detail.action === 'promote' ? `${step()}: promote to version ${String(detail.functionVersion)}` : `${step()}: shift ${String(detail.weight)}% to the new version`;
    case AUDIT_KINDS.gateVerdict:
      if (detail.interim) return detail.verdict === 'fail' ? `gate fail on ${step()} during its bake: ${String(detail.summary)}` : `${step()} baking: ${String(detail.summary)}`;
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
      return JSON.stringify(detail);
  }
}
