import { BraidError, type InputIssue } from './errors.js';

/** Why a rollout waits for a person: an approval point, a step whose gate stayed inconclusive, or an operator's pause. */
export type HoldKind = 'approval' | 'inconclusive' | 'paused';

/** One phase of a hold; only `pending` ever changes. */
export type HoldStatus = 'pending' | 'approved' | 'rejected' | 'aborted' | 'gate_failed' | 'timed_out';

/** A hold as stored: the task token that resumes the execution, and who decided what, when and why. */
export interface HoldRecord {
  /** A ULID: holds of one operation sort in the order they were requested. */
  readonly holdId: string;
  readonly operationId: string;
  readonly targetName: string;
  readonly kind: HoldKind;
  /** The step it is about: the step to apply (approval) or the step being judged (inconclusive). */
  readonly index: number;
  readonly token: string;
  readonly status: HoldStatus;
  readonly requestedAtMs: number;
  readonly expiresAtMs: number;
  /** Gate alarms that fail the hold at once if they go to ALARM while it waits. */
  readonly gateAlarmNames: readonly string[];
  readonly decidedBy?: string;
  readonly reason?: string;
  readonly decidedAtMs?: number;
}

/** How long approvals wait, and what a timeout means. */
export interface ApprovalPolicy {
  /** @default 3600 */
  readonly timeoutSeconds: number;
  /** What an approval point that nobody answered in time means; an inconclusive pause always rolls back. @default 'reject' */
  readonly onTimeout: 'reject' | 'approve';
}

/** The defaults of every approval policy field. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = { timeoutSeconds: 3600, onTimeout: 'reject' };

/** Step Functions callback tasks wait at most a year. */
const MAX_HOLD_SECONDS = 365 * 24 * 3600;

/** A policy with the fields the registry left out taken from the defaults. */
export function resolveApprovalPolicy(partial: Partial<ApprovalPolicy> | undefined): ApprovalPolicy {
  return { ...DEFAULT_APPROVAL_POLICY, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) };
}

/** Lists every problem in a (partial) approval policy; empty when valid. */
export function validateApprovalPolicy(policy: Partial<ApprovalPolicy>, path = 'approvalPolicy'): InputIssue[] {
  const issues: InputIssue[] = [];
  const { timeoutSeconds, onTimeout } = policy;
  if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 60 || timeoutSeconds > MAX_HOLD_SECONDS)) {
    issues.push({ path: `${path}.timeoutSeconds`, message: `must be a whole number of seconds from 60 to ${MAX_HOLD_SECONDS}, got ${String(timeoutSeconds)}` });
  }
  if (onTimeout !== undefined && !['reject', 'approve'].includes(onTimeout)) {
    issues.push({ path: `${path}.onTimeout`, message: `must be "reject" or "approve", got ${JSON.stringify(onTimeout)}` });
  }
  return issues;
}

/** Nobody decided a hold in time and the policy says that is a no. */
export class HoldTimedOutError extends BraidError {
  readonly code = 'Braid.HoldTimedOut';
  readonly fault = 'user';

  constructor(kind: HoldKind, index: number, timeoutSeconds: number) {
    super(
      kind === 'approval'
        ? `Nobody approved step ${index + 1} within ${timeoutSeconds} s; the approval policy rejects on timeout.`
        : `Nobody resumed step ${index + 1} (its gate stayed inconclusive) within ${timeoutSeconds} s.`,
    );
  }
}

/** What SendTaskSuccess hands back to the execution: the decision, as the state stores it at `$.hold`. */
export interface HoldOutcome {
  readonly kind: HoldKind;
  readonly index: number;
  readonly decision: 'approved';
  readonly by: string;
  readonly reason?: string;
}

/** A hold that is no longer waiting for a decision. */
export class HoldNotPendingError extends BraidError {
  readonly code = 'Braid.HoldNotPending';
  readonly fault = 'user';

  constructor(
    readonly hold: Pick<HoldRecord, 'operationId' | 'kind' | 'index' | 'status' | 'decidedBy'>,
    options?: { cause?: unknown },
  ) {
    super(
      `Operation ${hold.operationId} is not waiting for a decision on step ${hold.index + 1} (${hold.kind}): it was already ${hold.status}${hold.decidedBy ? ` by ${hold.decidedBy}` : ''}.`,
      options,
    );
  }
}

/** The operation has no hold waiting for a decision. */
export class NoPendingHoldError extends BraidError {
  readonly code = 'Braid.NoPendingHold';
  readonly fault = 'user';

  constructor(readonly operationId: string) {
    super(`Operation ${operationId} is not waiting for an approval or a decision. Check it with \`braid rollout status ${operationId}\`.`);
  }
}

/** A person's or Braid's decision on a pending hold: checks it may be taken now and says what it becomes. */
export function decideHold(hold: HoldRecord, decision: 'approve' | 'reject' | 'abort' | 'gate_failed' | 'timed_out', nowMs: number): HoldStatus {
  if (hold.status !== 'pending') throw new HoldNotPendingError(hold);
  if ((decision === 'approve' || decision === 'reject' || decision === 'abort') && nowMs > hold.expiresAtMs) {
    // The timeout decides from here; a late click must not race it.
    throw new HoldNotPendingError({ ...hold, status: 'timed_out' });
  }
  return decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : decision === 'abort' ? 'aborted' : decision;
}
