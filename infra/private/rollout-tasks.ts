/** What a task function may touch besides the Braid table, which every task reads and writes. */
export interface TaskAccess {
  /** Reads managed aliases and versions (`lambda:GetAlias`, `lambda:GetFunctionConfiguration`). */
  readonly readsAliases: boolean;
  /** Reads gate alarms (`cloudwatch:DescribeAlarms`). */
  readonly readsAlarms: boolean;
}

/** One Lambda task of the rollout state machine. */
export interface RolloutTaskSpec {
  /** Construct id of the function. */
  readonly id: string;
  /** Handler file under `functions/handlers/`, exporting `handler`. */
  readonly handlerFile: string;
  readonly access: TaskAccess;
}

/**
 * The rollout state machine's Lambda tasks, keyed by the ASL placeholder that receives each
 * function's ARN. This is the one map the definition is filled from, and the one place that says
 * which task may read aliases or alarms.
 */
export const ROLLOUT_TASKS = {
  PrepareRolloutFunctionArn: {
    id: 'PrepareRollout',
    handlerFile: 'prepare-rollout.ts',
    access: { readsAliases: true, readsAlarms: false },
  },
  AcquireLeaseFunctionArn: {
    id: 'AcquireLease',
    handlerFile: 'acquire-lease.ts',
    access: { readsAliases: false, readsAlarms: false },
  },
  SnapshotAliasFunctionArn: {
    id: 'SnapshotAlias',
    handlerFile: 'snapshot-alias.ts',
    access: { readsAliases: true, readsAlarms: false },
  },
  PlanShiftFunctionArn: {
    id: 'PlanShift',
    handlerFile: 'plan-shift.ts',
    access: { readsAliases: true, readsAlarms: false },
  },
  EvaluateGateFunctionArn: {
    id: 'EvaluateGate',
    handlerFile: 'evaluate-gate.ts',
    access: { readsAliases: false, readsAlarms: true },
  },
  PlanRestoreFunctionArn: {
    id: 'PlanRestore',
    handlerFile: 'plan-restore.ts',
    access: { readsAliases: true, readsAlarms: false },
  },
  FinishOperationFunctionArn: {
    id: 'FinishOperation',
    handlerFile: 'finish-operation.ts',
    access: { readsAliases: true, readsAlarms: false },
  },
} as const satisfies Record<string, RolloutTaskSpec>;

/** A placeholder of `statemachines/rollout.asl.json` that names a task function. */
export type RolloutPlaceholder = keyof typeof ROLLOUT_TASKS;

/** Every placeholder, in declaration order. */
export const ROLLOUT_PLACEHOLDERS = Object.keys(ROLLOUT_TASKS) as RolloutPlaceholder[];
