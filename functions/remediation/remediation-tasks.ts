import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { closeIncident, type ClosedIncident } from './close-incident.js';
import { escalateIncident } from './escalate-incident.js';
import { planUndoTask } from './plan-undo.js';
import { prepareRepair } from './prepare-repair.js';
import { REMEDIATION_TASK_LIST, type RemediationTaskInfo, type RemediationTaskName } from './remediation-task-list.js';
import type { RemediationDeps } from './remediation-deps.js';
import { requestRepairApproval } from './request-repair-approval.js';
import { verifyRepair } from './verify-repair.js';
import type { RemediationState } from '../core/remediation-state.js';

/** One Lambda task of the remediation state machine, with the code it runs. */
export interface RemediationTaskSpec extends RemediationTaskInfo {
  readonly run: (state: never, deps: RemediationDeps) => Promise<unknown>;
  /** Adds the task's business metrics (low-cardinality dimensions only: never operation ids). */
  readonly recordMetrics?: (result: never, metrics: Metrics, state: never) => void;
}

const CODE: Record<RemediationTaskName, Pick<RemediationTaskSpec, 'run' | 'recordMetrics'>> = {
  'request-repair-approval': { run: requestRepairApproval },
  'prepare-repair': {
    run: prepareRepair,
    recordMetrics: (result: RemediationState, metrics: Metrics) => {
      if (result.repair?.kind !== 'skip') return;
      metrics.addMetric('RepairsSkipped', MetricUnit.Count, 1);
    },
  },
  'verify-repair': { run: verifyRepair },
  'plan-undo': { run: planUndoTask },
  'escalate-incident': {
    run: escalateIncident,
    recordMetrics: (result: RemediationState, metrics: Metrics) => {
      metrics.addDimension('notified', String(result.escalation?.notify ?? false));
      metrics.addMetric('Escalations', MetricUnit.Count, 1);
    },
  },
  'close-incident': {
    run: closeIncident,
    recordMetrics: (result: ClosedIncident, metrics: Metrics) => {
      metrics.addDimension('action', result.action);
      metrics.addDimension('status', result.status);
      metrics.addMetric('RemediationsFinished', MetricUnit.Count, 1);
      // Timings stand alone: one metric set per figure, without the status dimensions.
      for (const [name, seconds] of [
        ['TimeToDetect', result.timings.detectSeconds],
        ['TimeToMitigate', result.timings.mitigateSeconds],
        ['TimeToConverge', result.timings.convergeSeconds],
      ] as const) {
        if (seconds === undefined) continue;
        metrics.publishStoredMetrics();
        metrics.addMetric(name, MetricUnit.Seconds, seconds);
      }
    },
  },
};

/** Every Lambda task of `statemachines/remediation.asl.json`, keyed by name, with its code. */
export const REMEDIATION_TASKS = Object.fromEntries(REMEDIATION_TASK_LIST.map((info) => [info.name, { ...info, ...CODE[info.name] }])) as Record<
  RemediationTaskName,
  RemediationTaskSpec
>;
