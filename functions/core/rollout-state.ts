import type { CaughtError } from './caught-error.js';
import { InvalidInputError } from './errors.js';
import type { GateNext, GateVerdict } from './gate-judge.js';
import type { GatePolicy } from './gate-policy.js';
import type { HookPolicy, HookResponse, HookVerdict } from './hooks.js';
import type { ApprovalPolicy, HoldOutcome } from './holds.js';
import type { CanaryPolicy } from './judge/canary-judge.js';
import type { OperatorCommand } from './operator-commands.js';
import type { RestoreDecision, RollbackPolicy } from './restore-planner.js';
import type { RolloutStep } from './rollout-plan.js';
import type { ShiftDecision } from './shift-planner.js';

/** What PrepareRollout adds to the state (at `op`): the target's registry entry, resolved for this rollout. */
export interface PreparedRollout {
  functionName: string;
  aliasName: string;
  plan: Required<RolloutStep>[];
  gateAlarmNames: string[];
  gate: GatePolicy;
  approvals: ApprovalPolicy;
  /** Null when the target does not enable the judge (ASL paths need the field to exist). */
  canaryJudge: Required<CanaryPolicy> | null;
  /** The target's traffic hooks; a hook it does not have is null. */
  hooks: HookPolicy;
  rollback: RollbackPolicy;
}

/** What Decide records when it judges a step: the verdict on step `index`, the how-many-th in a row, and what follows. */
export interface GateOutcome {
  verdict: GateVerdict;
  index: number;
  attempt: number;
  next: GateNext;
  recheckSeconds: number;
  /** A look during the bake (alarms and commands only), not the step's verdict. */
  interim: boolean;
  /** The operator's command applied at this check, if any. */
  command: OperatorCommand | null;
}

/**
 * The JSON that flows through the rollout state machine. Kept small on purpose (ids and a
 * few numbers, never evidence blobs): evidence goes to DynamoDB, and Step Functions limits
 * state to 256 KiB. Each field says which state sets it; a task takes the state narrowed to
 * the phase it runs in ({@link PreparedState}, {@link LeasedState}, {@link SnapshottedState}).
 */
export interface RolloutState {
  /** From StartExecution. */
  readonly operationId: string;
  readonly targetName: string;
  readonly newVersion: string;
  readonly requestedBy?: string;
  readonly reason?: string;
  /** From PrepareRollout. */
  readonly op?: PreparedRollout;
  /** From RequestHold (SendTaskSuccess) or HoldTimedOut: the latest decision a person (or the timeout) took. */
  readonly hold?: HoldOutcome;
  /** From AcquireLease. */
  readonly lease?: { epoch: number };
  /** From SnapshotAlias, then from every UpdateAlias (ShiftWeight, RestoreAlias): the alias as Braid last left it. */
  readonly alias?: { functionVersion: string; revisionId: string };
  /** From Decide: the step planned last. */
  readonly shift?: ShiftDecision;
  /** From Decide: the latest judgement of the current step. */
  readonly gate?: GateOutcome;
  /**
   * From a traffic hook task (its answer, or the error its Catch recorded), then from
   * JudgePreTrafficHook or JudgePostTrafficHook (the verdict, replacing the answer so a large
   * one does not stay in the state).
   */
  readonly hookResult?: HookResponse | HookVerdict;
  /** From CompensateRollout. */
  readonly restore?: RestoreDecision;
  /** Caught errors (`Error`, `Cause`), set by Catch clauses. */
  readonly error?: CaughtError;
  readonly compensationError?: CaughtError;
}

/** The state with `fields` known to be present. */
export type RolloutStateWith<F extends keyof RolloutState> = RolloutState & { readonly [K in F]-?: NonNullable<RolloutState[K]> };

/** After PrepareRollout: the target is resolved. AcquireLease runs in this phase. */
export type PreparedState = RolloutStateWith<'op'>;

/** After AcquireLease: the operation holds the target's lease. SnapshotAlias runs in this phase. */
export type LeasedState = RolloutStateWith<'op' | 'lease'>;

/**
 * After SnapshotAlias: the alias Braid starts from is known. Every task from there to
 * compensation (the hook judges, Decide, RequestHold, HoldTimedOut, CompensateRollout) runs in
 * this phase.
 */
export type SnapshottedState = RolloutStateWith<'op' | 'lease' | 'alias'>;

/** The fields each phase has. */
export const ROLLOUT_PHASES = {
  prepared: ['op'],
  leased: ['op', 'lease'],
  snapshotted: ['op', 'lease', 'alias'],
} as const satisfies Record<string, readonly (keyof RolloutState)[]>;

/**
 * Narrows the state to a phase, once, where a task receives it. A missing field means the
 * state machine and the task disagree (a wiring bug or a hand-crafted input), which must stop
 * the task with a typed error, not let it guess.
 */
export function inPhase<F extends keyof RolloutState>(state: RolloutState, fields: readonly F[]): RolloutStateWith<F> {
  const missing = fields.filter((field) => state[field] === undefined || state[field] === null);
  if (missing.length > 0) {
    throw new InvalidInputError(
      'rollout state',
      missing.map((field) => ({ path: field, message: 'is missing; it is set by an earlier step of the rollout state machine' })),
    );
  }
  return state as RolloutStateWith<F>;
}
