import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `close-incident` task. */
export const handler = remediationHandler('close-incident');
