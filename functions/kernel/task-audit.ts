import type { AuditKind, AuditRecord } from '../core/audit.js';
import type { TaskDeps } from './task-deps.js';

/** Who writes an audit record: the operation and target it is about, the actor, and the lease epoch the actor holds, if any. */
export interface AuditScope {
  readonly operationId: string;
  readonly targetName: string;
  /** `braid:<task>` for Braid's own tasks, `user:<name>` for people. */
  readonly actor: string;
  readonly epoch?: number;
}

/** The part of either braid's state that says what a task's audit records are about. */
interface ScopedState {
  readonly operationId: string;
  readonly targetName: string;
  readonly lease?: { readonly epoch: number };
}

/** A scope whose epoch is known when the state is in a leased phase (its `lease` is not optional). */
type ScopeOf<S extends ScopedState> = AuditScope & (S extends { readonly lease: object } ? { readonly epoch: number } : unknown);

/** The scope of a task of either braid: the operation and target its state names, and the epoch of the lease it holds, if any. */
export function auditScope<S extends ScopedState>(state: S, actor: string): ScopeOf<S> {
  return { operationId: state.operationId, targetName: state.targetName, actor, epoch: state.lease?.epoch } as ScopeOf<S>;
}

/** Builds an audit record stamped with the task's clock and a new id. */
export function auditRecord(
  deps: Pick<TaskDeps, 'clock' | 'newId'>,
  fields: AuditScope & { readonly kind: AuditKind; readonly detail: Record<string, unknown> },
): AuditRecord {
  return { auditId: deps.newId(), atMs: deps.clock.nowMs(), ...fields };
}

/**
 * Audits an intended change behind the lease fence: the record (with the operation's changes
 * and a lease renewal, if any) is written only if the scope's operation still holds the
 * target's lease at the scope's epoch, so a task whose lease was lost never mutates (I1, I3).
 * @throws LeaseLostError when the fence refuses
 */
export async function writeFencedAudit(
  deps: Pick<TaskDeps, 'audit' | 'clock' | 'newId'>,
  scope: AuditScope & { readonly epoch: number },
  kind: AuditKind,
  detail: Record<string, unknown>,
  changes: { readonly operationChanges?: Record<string, unknown>; readonly renewUntilMs?: number } = {},
): Promise<void> {
  await deps.audit.writeFenced({
    targetName: scope.targetName,
    operationId: scope.operationId,
    epoch: scope.epoch,
    audit: auditRecord(deps, { ...scope, kind, detail }),
    ...changes,
  });
}

/** Appends an audit record with no fence (a record that changes nothing, or says why nothing changes), with the operation's changes if any. */
export async function appendAudit(
  deps: Pick<TaskDeps, 'audit' | 'clock' | 'newId'>,
  scope: AuditScope,
  kind: AuditKind,
  detail: Record<string, unknown>,
  operationChanges?: Record<string, unknown>,
): Promise<void> {
  await deps.audit.append(auditRecord(deps, { ...scope, kind, detail }), operationChanges);
}
