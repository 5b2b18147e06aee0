import { describeAudit } from '../../functions/core/audit-text.js';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import { describeRouting } from '../../functions/core/restore-planner.js';
import type { JournalEntry } from '../contracts.js';
import type { AliasFact, AuditFact } from './journal-facts.js';
import type { TimelineEntry } from './report.js';

/** Intents (the applied alias change follows), lease release, the closing record, and looks during a bake that found nothing. */
function isBookkeeping(fact: AuditFact): boolean {
  const { kind, detail } = fact.record;
  if (kind === AUDIT_KINDS.gateVerdict) return detail.interim === true && detail.verdict !== 'fail';
  return kind === AUDIT_KINDS.aliasShiftIntended || kind === AUDIT_KINDS.leaseReleased || kind === AUDIT_KINDS.operationFinished;
}

/** What a verdict was reached on: the checks, the new version's telemetry, the canary judge's statistics. */
function evidenceOf(detail: Record<string, unknown>): Record<string, unknown> {
  const { checks, telemetry, canaryJudgement, alarms } = detail;
  return Object.fromEntries(Object.entries({ checks, alarms, telemetry, canaryJudgement }).filter(([, value]) => value !== undefined));
}

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
    entry: {
      atSeconds: at(fact.record.atMs),
      kind: `audit:${fact.record.kind}`,
      message: describeAudit(fact.record),
      ...(fact.record.kind === AUDIT_KINDS.gateVerdict ? { evidence: evidenceOf(fact.record.detail) } : {}),
      ...(isBookkeeping(fact) ? { bookkeeping: true } : {}),
    },
  }));
  for (const change of input.aliasChanges) {
    if (change.seq < first || change.seq > last || change.functionName !== input.target.functionName || change.alias !== input.target.aliasName) continue;
    entries.push({ seq: change.seq, entry: { atSeconds: at(change.atMs), kind: 'alias', message: `alias ${change.alias} → ${describeRouting(change)}` } });
  }
  for (const item of input.journal) {
    if (item.seq < first || item.seq > last || item.service !== 'cloudwatch' || item.action !== 'AlarmStateChange') continue;
    const detail = item.detail as { alarmName: string; previousState: string; state: string };
    if (!input.target.gateAlarmNames.includes(detail.alarmName)) continue;
    entries.push({
      seq: item.seq,
      entry: { atSeconds: at(item.atMs), kind: 'alarm', message: `alarm ${detail.alarmName} ${detail.previousState} → ${detail.state}` },
    });
  }
  return entries.sort((a, b) => a.seq - b.seq).map(({ entry }) => entry);
}
