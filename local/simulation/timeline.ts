import { AUDIT_KINDS, type AuditRecord } from '../../functions/core/audit.js';
import { describeRouting } from '../../functions/core/restore-planner.js';
import type { JournalEntry } from '../contracts.js';
import type { AliasFact, AuditFact } from './journal-facts.js';
import type { TimelineEntry } from './report.js';

/** Builds one operation's timeline from its audit records, the alias changes and the alarm changes it lived through. */
export function buildTimeline(input: {
  operationId: string;
  target: { functionName: string; aliasName: string; gateAlarmNames: readonly string[] };
  audits: readonly AuditFact[];
  aliasChanges: readonly AliasFact[];
  journal: readonly JournalEntry[];
  startMs: number;
}): TimelineEntry[] {
  const own = input.audits.filter((fact) => fact.record.operationId === input.operationId);
  if (own.length === 0) return [];
  const first = own[0]!.seq;
  const last = own.at(-1)!.seq;
  const at = (ms: number) => Math.round((ms - input.startMs) / 100) / 10;
  const entries: { seq: number; entry: TimelineEntry }[] = own.map((fact) => ({
    seq: fact.seq,
    entry: { atSeconds: at(fact.record.atMs), kind: `audit:${fact.record.kind}`, message: auditMessage(fact.record) },
  }));
  for (const change of input.aliasChanges) {
    if (change.seq < first || change.seq > last || change.functionName !== input.target.functionName || change.alias !== input.target.aliasName) continue;
    entries.push({ seq: change.seq, entry: { atSeconds: at(change.atMs), kind: 'alias', message: `alias ${change.alias} → ${describeRouting(change)}` } });
  }
  for (const item of input.journal) {
    if (item.seq < first || item.seq > last || item.service !== 'cloudwatch' || item.action !== 'AlarmStateChange') continue;
    const detail = item.detail as { alarmName: string; previousState: string; state: string };
    if (!input.target.gateAlarmNames.includes(detail.alarmName)) continue;
    entries.push({ seq: item.seq, entry: { atSeconds: at(item.atMs), kind: 'alarm', message: `alarm ${detail.alarmName} ${detail.previousState} → ${detail.state}` } });
  }
  return entries.sort((a, b) => a.seq - b.seq).map(({ entry }) => entry);
}

function auditMessage(record: AuditRecord): string {
  const detail = record.detail as Record<string, unknown>;
  switch (record.kind) {
    case AUDIT_KINDS.operationCreated:
      return `rollout to version ${String(detail.newVersion)} requested by ${record.actor}`;
    case AUDIT_KINDS.leaseAcquired:
      return `lease acquired (epoch ${record.epoch})`;
    case AUDIT_KINDS.leaseRefused:
      return `lease refused: held by ${String(detail.holder)}`;
    case AUDIT_KINDS.aliasSnapshot:
      return `snapshot: alias on ${describeRouting(detail.snapshot as never)}`;
    case AUDIT_KINDS.aliasShiftIntended:
      return detail.action === 'promote'
        ? `step ${Number(detail.step) + 1}: promote to version ${String(detail.functionVersion)}`
        : `step ${Number(detail.step) + 1}: shift ${String(detail.weight)}% to the new version`;
    case AUDIT_KINDS.gateVerdict:
      if (detail.interim) return `step ${Number(detail.step) + 1} baking: ${String(detail.summary)}`;
      return `gate ${String(detail.verdict)} on step ${Number(detail.step) + 1}${Number(detail.attempt) > 1 ? ` (evaluation ${String(detail.attempt)})` : ''}: ${String(detail.summary)}`;
    case AUDIT_KINDS.aliasRestoreIntended:
      return `rolling back to ${describeRouting(detail.to as never)}`;
    case AUDIT_KINDS.operationFlagged:
      return `flagged for a human: ${String(detail.reason)}`;
    case AUDIT_KINDS.operationFinished:
      return `finished ${String(detail.status)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.leaseReleased:
      return 'lease released';
    case AUDIT_KINDS.holdRequested:
      return detail.kind === 'approval'
        ? `waiting for approval of step ${Number(detail.index) + 1} (times out in ${String(detail.timeoutSeconds)} s)`
        : detail.kind === 'paused'
          ? `paused on step ${Number(detail.index) + 1} by an operator; waiting to be resumed`
          : `paused on step ${Number(detail.index) + 1}: the gate stayed inconclusive; waiting for a person`;
    case AUDIT_KINDS.commandRecorded:
      return `${String(detail.action).replace('_', ' ')} requested by ${String(detail.by)}: ${String(detail.reason)}`;
    case AUDIT_KINDS.commandApplied:
      return `${String(detail.action).replace('_', ' ')} applied on step ${Number(detail.step) + 1}`;
    case AUDIT_KINDS.hookResult:
      return `${detail.hook === 'preTraffic' ? 'pre-traffic' : 'post-traffic'} hook ${String(detail.functionName)} ${detail.status === 'Succeeded' ? 'passed' : 'failed'}: ${String(detail.reason)}`;
    case AUDIT_KINDS.holdDecided:
      return `${String(detail.kind)} on step ${Number(detail.index) + 1} ${String(detail.status).replace('_', ' ')}${detail.by ? ` by ${String(detail.by)}` : ''}${detail.reason ? `: ${String(detail.reason)}` : ''}`;
  }
}
