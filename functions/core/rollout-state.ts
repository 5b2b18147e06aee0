import type { AliasRouting } from './alias-state.js';
import type { GateNext } from './gate-judge.js';
import type { GatePolicy } from './gate-policy.js';
import type { HookPolicy, HookResponse, HookVerdict } from './hooks.js';
import type { ApprovalPolicy, HoldOutcome } from './holds.js';
import type { CanaryPolicy } from './judge/canary-judge.js';
import type { OperatorCommand } from './operator-commands.js';
import type { RollbackPolicy } from './restore-planner.js';
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
  readonly op?: {
    rollback: RollbackPolicy;
    functionName: string;
    aliasName: string;
    plan: Required<RolloutStep>[];
    gateAlarmNames: string[];
    gate: GatePolicy;
    approvals: ApprovalPolicy;
    canaryJudge: Required<CanaryPolicy> | null;
    hooks: HookPolicy;
  };
  /** From RequestHold (SendTaskSuccess) or HoldTimedOut: the latest decision a person (or the timeout) took. */
  readonly hold?: HoldOutcome;
  /** From AcquireLease. */
  readonly lease?: { epoch: number };
  /** From SnapshotAlias, then from every UpdateAlias: the alias as Braid last left it. */
  readonly alias?: { functionVersion: string; revisionId: string };
  /** From PlanShift. */
  readonly shift?: ShiftDecision;
  /** From EvaluateGate: the verdict on step `index`, the how-many-th in a row, and what follows. */
  readonly gate?: {
    verdict: GateVerdict;
    index: number;
    attempt: number;
    next: GateNext;
    recheckSeconds: number;
    interim: boolean;
    command: OperatorCommand | null;
  };
  /**
   * From a traffic hook task (its answer, or the error its Catch recorded), then from JudgeHook
   * (the verdict, replacing the answer so a large one does not stay in the state).
   */
  readonly hookResult?: HookResponse | HookVerdict;
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
  | ({
      action: 'shift' | 'promote';
      index: number;
      weight: number;
      bakeSeconds: number;
      /** The first wait of the bake: all of it, or one gate check interval. */
      firstWaitSeconds: number;
      routingConfig: { AdditionalVersionWeights: Record<string, number> };
      /** When the step was planned (its weight is applied right after): the start of its gate's window. */
      startedAtMs: number;
    } & Pick<AliasRouting, 'functionVersion'>)
  | { action: 'complete'; index: number };

/** What CompensateRollout decided. */
export type RestoreDecision =
  | {
      action: 'restore';
      functionVersion: string;
      routingConfig: { AdditionalVersionWeights: Record<string, number> };
      revisionId: string;
      /** False for the intermediate steps of a gradual rollback: wait `waitSeconds`, then plan the next. */
      final: boolean;
      waitSeconds: number;
      /** Where a gradual rollback started and which of its steps this is. */
      progress: { fromWeight: number; step: number };
    }
  | { action: 'none'; reason: string }
  | { action: 'flag'; reason: string };
