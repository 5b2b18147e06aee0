import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { acquireLease } from './acquire-lease.js';
import { decide, type Decided } from './decide.js';
import { finishOperation } from './finish-operation.js';
import { judgeHook, type JudgeHookRequest } from './judge-hook.js';
import { planRestoreTask } from './plan-restore.js';
import { prepareRollout } from './prepare-rollout.js';
import { ROLLOUT_TASK_LIST, type RolloutTaskInfo, type RolloutTaskName } from './rollout-task-list.js';
import { snapshotAlias } from './snapshot-alias.js';
import { holdTimedOut } from './hold-timed-out.js';
import { requestHold, type HoldRequest } from './request-hold.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState } from '../core/rollout-state.js';
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
  'acquire-lease': { run: (state: RolloutState, deps: TaskDeps) => acquireLease(inPhase(state, ROLLOUT_PHASES.prepared), deps) },
  'snapshot-alias': { run: (state: RolloutState, deps: TaskDeps) => snapshotAlias(inPhase(state, ROLLOUT_PHASES.leased), deps) },
  'judge-hook': {
    run: (request: JudgeHookRequest<RolloutState>, deps: TaskDeps) =>
      judgeHook({ ...request, state: inPhase(request.state, ROLLOUT_PHASES.snapshotted) }, deps),
  },
  decide: {
    run: (state: RolloutState, deps: TaskDeps) => decide(inPhase(state, ROLLOUT_PHASES.snapshotted), deps),
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
  'request-hold': {
    run: (request: HoldRequest<RolloutState>, deps: TaskDeps) => requestHold({ ...request, state: inPhase(request.state, ROLLOUT_PHASES.snapshotted) }, deps),
  },
  'hold-timed-out': { run: (state: RolloutState, deps: TaskDeps) => holdTimedOut(inPhase(state, ROLLOUT_PHASES.snapshotted), deps) },
  'plan-restore': { run: (state: RolloutState, deps: TaskDeps) => planRestoreTask(inPhase(state, ROLLOUT_PHASES.snapshotted), deps) },
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
