import { detectIncidentHandler } from './private/detect-incident-handler.js';

/** Lambda entry point of the remediation detector, triggered by "CloudWatch Alarm State Change" events. */
export const handler = detectIncidentHandler();
