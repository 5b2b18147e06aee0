import type { CaughtError } from './caught-error.js';
import type { HoldOutcome } from './holds.js';
import type { RemediationDecisionKind } from './remediation/remediation-policy.js';
import type { RepairPlan, UndoPlan } from './remediation/repair-planner.js';

/**
 * No repair, only verification: another operation (a rollout rolling back, a person) held the
 * target when the alarm fired or since, so its alias may already be fixed. Repairing on top of
 * that change could undo it; Braid watches the alarm instead and escalates if it stays bad.
 */
export interface WatchPlan {
  readonly kind: 'watch';
  readonly reason: string;
}

/**
 * The JSON that flows through the remediation state machine. Small on purpose: ids, the
 * decision and the plan's parameters; evidence and live readings go to the audit trail.
 */
export interface RemediationState {
  /** From the detector (or `braid repair`): the operation, its target and what policy decided. */
  readonly operationId: string;
  readonly targetName: string;
  readonly trigger: 'alarm' | 'manual';
  readonly decision: { readonly decision: RemediationDecisionKind; readonly rule: string; readonly reason: string };
  /** From RequestApproval: a person's decision. */
  readonly hold?: HoldOutcome;
  /** From RequestApproval's Catch: a person rejected the repair, aborted it, or let the approval time out. */
  readonly declined?: CaughtError;
  /** From PrepareRepair. */
  readonly lease?: { readonly epoch: number };
  readonly repair?: RepairPlan | WatchPlan;
  /** From the repair task: the alias revision it left (alias repairs), or the runbook's answer. */
  readonly applied?: { readonly revisionId?: string; readonly runbook?: unknown };
  /** From VerifyRepair: the latest convergence verdict and how many checks were made. */
  readonly verify?: {
    readonly verdict: 'pending' | 'converged' | 'recheck' | 'not_converged';
    readonly waitSeconds: number;
    readonly checks: number;
    readonly reason: string;
  };
  /** From PlanUndo. */
  readonly undo?: UndoPlan | { readonly kind: 'none'; readonly reason: string };
  /** Whether the undo task ran. */
  readonly undone?: { readonly ok: boolean };
  /** The error a Catch recorded on the way to escalation. */
  readonly error?: CaughtError;
  /** From FlagEscalation: whether to notify, and what. */
  readonly escalation?: { readonly notify: boolean; readonly subject: string; readonly message: string; readonly reason: string };
}
