import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { detectIncident, type Detection } from '../../remediation/detect-incident.js';
import type { RemediationDeps } from '../../remediation/remediation-deps.js';
import { remediationDepsFromEnvironment } from './default-deps.js';
import { taskHandler, type Observability } from './task-handler.js';

/** The detector's metrics: rejected events, duplicates suppressed, and decisions by kind. */
export function recordDetectionMetrics(result: { detections: Detection[] }, metrics: Metrics): void {
  for (const detection of result.detections) {
    if (detection.outcome === 'rejected') metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
    else if (detection.outcome === 'duplicate') metrics.addMetric('DuplicatesSuppressed', MetricUnit.Count, 1);
    else if (detection.outcome === 'decided_elsewhere') metrics.addMetric('DuplicatesSuppressed', MetricUnit.Count, 1);
    else {
      metrics.publishStoredMetrics();
      metrics.addDimension('decision', detection.decision.decision);
      metrics.addMetric('IncidentsDecided', MetricUnit.Count, 1);
    }
  }
}

/** The detector behind the EventBridge rule, as a middy handler. */
export function detectIncidentHandler(options: { deps?: RemediationDeps; observability?: Observability } = {}) {
  return taskHandler('detect-incident', detectIncident, { ...options, makeDeps: remediationDepsFromEnvironment, recordMetrics: recordDetectionMetrics });
}
