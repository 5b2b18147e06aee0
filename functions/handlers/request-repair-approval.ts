import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `request-repair-approval` task. */
export const handler = remediationHandler('request-repair-approval');
