import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `escalate-incident` task. */
export const handler = remediationHandler('escalate-incident');
