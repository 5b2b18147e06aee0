import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditRecord } from '../../functions/core/audit.js';
import type { AliasRouting } from '../../functions/core/alias-state.js';
import { AUDIT_PREFIX } from '../../functions/schema/audit-item.js';
import type { JournalEntry } from '../contracts.js';

/** An audit record as it reached DynamoDB, at its place in the sandbox's total order. */
export interface AuditFact {
  readonly seq: number;
  readonly record: AuditRecord;
}

/** An alias change as Lambda applied it, at its place in the total order. */
export interface AliasFact extends AliasRouting {
  readonly seq: number;
  readonly atMs: number;
  readonly action: string;
  readonly functionName: string;
  readonly alias: string;
}

type AttributeMap = Parameters<typeof unmarshall>[0];

/** The audit records written, in order, read off the DynamoDB writes in the journal. */
export function auditFacts(entries: readonly JournalEntry[]): AuditFact[] {
  const facts: AuditFact[] = [];
  for (const entry of entries) {
    if (entry.service !== 'dynamodb') continue;
    const request = entry.detail.request as { Item?: AttributeMap; TransactItems?: { Put?: { Item: AttributeMap } }[] } | undefined;
    const items =
      entry.action === 'PutItem' ? [request?.Item] : entry.action === 'TransactWriteItems' ? (request?.TransactItems ?? []).map((item) => item.Put?.Item) : [];
    for (const raw of items) {
      if (!raw) continue;
      const item = unmarshall(raw);
      if (typeof item.sk === 'string' && item.sk.startsWith(AUDIT_PREFIX)) facts.push({ seq: entry.seq, record: item as unknown as AuditRecord });
    }
  }
  return facts;
}

/** The alias changes Lambda applied, in order. */
export function aliasFacts(entries: readonly JournalEntry[]): AliasFact[] {
  return entries
    .filter((entry) => entry.service === 'lambda' && (entry.action === 'UpdateAlias' || entry.action === 'CreateAlias'))
    .map((entry) => {
      const detail = entry.detail as { functionName: string; alias: string; functionVersion: string; additionalVersionWeights?: Record<string, number> };
      return {
        seq: entry.seq,
        atMs: entry.atMs,
        action: entry.action,
        functionName: detail.functionName,
        alias: detail.alias,
        functionVersion: detail.functionVersion,
        additionalVersionWeights: detail.additionalVersionWeights ?? {},
      };
    });
}
