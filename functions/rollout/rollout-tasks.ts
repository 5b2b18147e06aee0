import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { acquireLease } from './acquire-lease.js';
import { decide, type Decided } from './decide.js';
import { finishOperation } from './finish-operation.js';
import { judgeHook } from './judge-hook.js';
import { planRestoreTask } from './plan-restore.js';
import { prepareRollout } from './prepare-rollout.js';
import { ROLLOUT_TASK_LIST, type RolloutTaskInfo, type RolloutTaskName } from './rollout-task-list.js';
import { snapshotAlias } from './snapshot-alias.js';
import { holdTimedOut } from './hold-timed-out.js';
import { requestHold } from './request-hold.js';
import type { RolloutState } from '../core/rollout-state.js';
import type { TaskDeps } from './task-deps.js';

export type { RolloutTaskName } from './rollout-task-list.js';

/** One Lambda task of the rollout state machine, with the code it runs. */
export interface RolloutTaskSpec extends RolloutTaskInfo {
  readonly run: (state: never, deps: TaskDeps) => Promise<unknown>;
  /** Adds the task's business metrics (low-cardinality dimensions only: never operation ids). */
  readonly recordMetrics?: (result: never, metrics: Metrics, state: never) => void;
}

const CODE: Record<RolloutTaskName, Pick<RolloutTaskSpec, 'run' | 'recordMetrics'>> = {
  'prepare-rollout': {
    run: prepareRollout,
    recordMetrics: (_result: unknown, metrics: Metrics) => metrics.addMetric('RolloutsStarted', MetricUnit.Count, 1),
  },
  'acquire-lease': { run: acquireLease },
  'snapshot-alias': { run: snapshotAlias },
  'judge-hook': { run: judgeHook },
  decide: {
    run: decide,
    recordMetrics: (result: Decided, metrics: Metrics, state: RolloutState) => {
      // A fresh verdict of the step (not a look during its bake), and how long the step just left lasted.
      if (result.gate && result.gate !== state.gate && !result.gate.interim) {
        metrics.addDimension('verdict', result.gate.verdict);
        metrics.addMetric('GateVerdicts', MetricUnit.Count, 1);
      }
      const previous = state.shift && 'startedAtMs' in state.shift ? state.shift.startedAtMs : undefined;
      const started = result.shift !== state.shift && result.shift && 'startedAtMs' in result.shift ? result.shift.startedAtMs : undefined;
      if (previous !== undefined && started !== undefined) {
        // Dimensions are cleared per metric set: the step duration stands alone.
        metrics.publishStoredMetrics();
        metrics.addMetric('StepDuration', MetricUnit.Seconds, (started - previous) / 1000);
      }
    },
  },
  'request-hold': { run: requestHold },
  'hold-timed-out': { run: holdTimedOut },
  'plan-restore': { run: planRestoreTask },
  'finish-operation': {
    run: finishOperation,
    recordMetrics: (result: { status: string }, metrics: Metrics) => {
      metrics.addDimension('status', result.status);
      metrics.addMetric('RolloutsFinished', MetricUnit.Count, 1);
    },
  },
};

/** Every Lambda task of `statemachines/rollout.asl.json`, keyed by name, with its code. */
export const ROLLOUT_TASKS = Object.fromEntries(ROLLOUT_TASK_LIST.map((info) => [info.name, { ...info, ...CODE[info.name] }])) as Record<
  RolloutTaskName,
  RolloutTaskSpec
>;
