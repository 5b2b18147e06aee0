import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { acquireLease } from './acquire-lease.js';
import { evaluateGate } from './evaluate-gate.js';
import { finishOperation } from './finish-operation.js';
import { planRestoreTask } from './plan-restore.js';
import { planShift } from './plan-shift.js';
import { prepareRollout } from './prepare-rollout.js';
import { snapshotAlias } from './snapshot-alias.js';
import type { TaskDeps } from './task-deps.js';

/** One Lambda task of the rollout state machine. */
export interface RolloutTaskSpec {
  /** The function's short name (file `functions/handlers/<name>.ts`). */
  readonly name: string;
  /** The ASL placeholder its ARN fills, e.g. `PrepareRolloutFunctionArn`. */
  readonly placeholder: string;
  readonly run: (state: never, deps: TaskDeps) => Promise<unknown>;
  readonly recordMetrics?: (result: never, metrics: Metrics) => void;
}

/** Every Lambda task of `statemachines/rollout.asl.json`, keyed by name: the one list CDK, the sandbox and tests share. */
export const ROLLOUT_TASKS = {
  'prepare-rollout': { name: 'prepare-rollout', placeholder: 'PrepareRolloutFunctionArn', run: prepareRollout },
  'acquire-lease': { name: 'acquire-lease', placeholder: 'AcquireLeaseFunctionArn', run: acquireLease },
  'snapshot-alias': { name: 'snapshot-alias', placeholder: 'SnapshotAliasFunctionArn', run: snapshotAlias },
  'plan-shift': { name: 'plan-shift', placeholder: 'PlanShiftFunctionArn', run: planShift },
  'evaluate-gate': {
    name: 'evaluate-gate',
    placeholder: 'EvaluateGateFunctionArn',
    run: evaluateGate,
    recordMetrics: (result: { verdict: string }, metrics: Metrics) => {
      metrics.addDimension('verdict', result.verdict);
      metrics.addMetric('GateVerdicts', MetricUnit.Count, 1);
    },
  },
  'plan-restore': { name: 'plan-restore', placeholder: 'PlanRestoreFunctionArn', run: planRestoreTask },
  'finish-operation': {
    name: 'finish-operation',
    placeholder: 'FinishOperationFunctionArn',
    run: finishOperation,
    recordMetrics: (result: { status: string }, metrics: Metrics) => {
      metrics.addDimension('status', result.status);
      metrics.addMetric('RolloutsFinished', MetricUnit.Count, 1);
    },
  },
} as const satisfies Record<string, RolloutTaskSpec>;

/** A task's name. */
export type RolloutTaskName = keyof typeof ROLLOUT_TASKS;
