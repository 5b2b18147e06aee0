import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `plan-undo` task. */
export const handler = remediationHandler('plan-undo');
