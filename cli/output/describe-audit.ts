import { AUDIT_KINDS, type AuditRecord } from '../../functions/core/audit.js';
import type { AliasRouting } from '../../functions/core/alias-state.js';
import { describeRouting } from '../../functions/core/restore-planner.js';

/** One readable line for an audit record's detail, e.g. `gate pass on step 1: all 1 gate alarm(s) OK`. */
export function describeAudit(record: AuditRecord): string {
  const detail = record.detail;
  const step = () => `step ${Number(detail.step) + 1}`;
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
      return `gate ${String(detail.verdict)} on ${step()}: ${String(detail.summary)}`;
    case AUDIT_KINDS.aliasRestoreIntended:
      return `roll back: alias ${describeRouting(detail.from as AliasRouting)} → ${describeRouting(detail.to as AliasRouting)}`;
    case AUDIT_KINDS.operationFlagged:
      return `flagged for a human: ${String(detail.reason)}`;
    case AUDIT_KINDS.operationFinished:
      return `finished ${String(detail.status)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.leaseReleased:
      return 'lease released';
    default:
      // Records of kinds newer than this CLI still show their data.
      return JSON.stringify(detail);
  }
}
