import { AUDIT_KINDS } from '../../functions/core/audit.js';
import type { AliasRouting } from '../../functions/core/alias-state.js';
import type { AliasFact, AuditFact } from './journal-facts.js';

/** The records an operation closes with (written together, when it ends). */
const CLOSING_KINDS: ReadonlySet<string> = new Set([AUDIT_KINDS.operationFinished, AUDIT_KINDS.leaseReleased]);

/**
 * The alias as an operation left it: its routing after the last change Lambda applied before the
 * operation's closing audit record (or, for an operation stopped before it closed, its last
 * record), whoever made that change. Later changes (a remediation after a rollout) are not its.
 * Undefined for an operation that recorded nothing (refused before it was recorded): it changed nothing.
 */
export function aliasAtEnd(input: {
  operationId: string;
  functionName: string;
  aliasName: string;
  audits: readonly AuditFact[];
  aliasChanges: readonly AliasFact[];
}): AliasRouting | undefined {
  const own = input.audits.filter((fact) => fact.record.operationId === input.operationId);
  // Records about the operation can follow its end (a duplicate delivery of its incident): the closing record is its end.
  const end = own.findLast((fact) => CLOSING_KINDS.has(fact.record.kind)) ?? own.at(-1);
  if (!end) return undefined;
  return input.aliasChanges.findLast((change) => change.seq <= end.seq && change.functionName === input.functionName && change.alias === input.aliasName);
}
