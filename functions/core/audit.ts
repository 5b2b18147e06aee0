/**
 * The audit trail: one append-only record per decision and per intended mutation, written
 * before the mutation it describes (invariant I3).
 */
export const AUDIT_KINDS = {
  operationCreated: 'operation.created',
  leaseAcquired: 'lease.acquired',
  leaseRefused: 'lease.refused',
  aliasSnapshot: 'alias.snapshot',
  aliasShiftIntended: 'alias.shift.intended',
  gateVerdict: 'gate.verdict',
  aliasRestoreIntended: 'alias.restore.intended',
  operationFlagged: 'operation.flagged',
  operationFinished: 'operation.finished',
  leaseReleased: 'lease.released',
  holdRequested: 'hold.requested',
  holdDecided: 'hold.decided',
  commandRecorded: 'command.recorded',
  commandApplied: 'command.applied',
  hookResult: 'hook.result',
  // The remediation braid and its controls.
  eventRejected: 'event.rejected',
  incidentDetected: 'incident.detected',
  incidentDuplicate: 'incident.duplicate',
  repairRequested: 'repair.requested',
  remediationDecided: 'remediation.decided',
  repairSkipped: 'repair.skipped',
  repairIntended: 'repair.intended',
  convergenceChecked: 'convergence.checked',
  undoIntended: 'repair.undo.intended',
  escalationRecorded: 'escalation.recorded',
  breakerChanged: 'breaker.changed',
  killSwitchChanged: 'killswitch.changed',
  knownGoodRecorded: 'known_good.recorded',
} as const;

/** One of the kinds above. */
export type AuditKind = (typeof AUDIT_KINDS)[keyof typeof AUDIT_KINDS];

/** One audit record. */
export interface AuditRecord {
  /** A ULID: sorts in the order records were written. */
  readonly auditId: string;
  readonly kind: AuditKind;
  readonly operationId: string;
  readonly targetName: string;
  readonly atMs: number;
  /** Who acted: `braid:<task>` for Braid's own tasks, `user:<name>` for people. */
  readonly actor: string;
  /** The lease epoch the actor held, when it held one. */
  readonly epoch?: number;
  readonly detail: Record<string, unknown>;
}
