import type { AliasRouting } from './alias-state.js';
import type { RolloutStep } from './rollout-plan.js';

/**
 * The JSON that flows through the rollout state machine. Kept small on purpose (ids and a
 * few numbers, never evidence blobs): evidence goes to DynamoDB, and Step Functions limits
 * state to 256 KiB.
 */
export interface RolloutState {
  /** From StartExecution. */
  readonly operationId: string;
  readonly targetName: string;
  readonly newVersion: string;
  readonly requestedBy?: string;
  readonly reason?: string;
  /** From PrepareRollout. */
  readonly op?: { functionName: string; aliasName: string; plan: RolloutStep[]; gateAlarmNames: string[] };
  /** From AcquireLease. */
  readonly lease?: { epoch: number };
  /** From SnapshotAlias, then from every UpdateAlias: the alias as Braid last left it. */
  readonly alias?: { functionVersion: string; revisionId: string };
  /** From PlanShift. */
  readonly shift?: ShiftDecision;
  /** From EvaluateGate. */
  readonly gate?: { verdict: GateVerdict; index: number };
  /** From CompensateRollout. */
  readonly restore?: RestoreDecision;
  /** Caught errors (`Error`, `Cause`), set by Catch clauses. */
  readonly error?: CaughtError;
  readonly compensationError?: CaughtError;
}

/** What a Catch clause writes. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** The gate's judgement of a step. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** What PlanShift decided: the next alias routing, or that the plan is complete. */
export type ShiftDecision =
  | ({ action: 'shift' | 'promote'; index: number; weight: number; bakeSeconds: number; routingConfig: { AdditionalVersionWeights: Record<string, number> } } & Pick<AliasRouting, 'functionVersion'>)
  | { action: 'complete'; index: number };

/** What CompensateRollout decided. */
export type RestoreDecision =
  | { action: 'restore'; functionVersion: string; routingConfig: { AdditionalVersionWeights: Record<string, number> }; revisionId: string }
  | { action: 'none'; reason: string }
  | { action: 'flag'; reason: string };
