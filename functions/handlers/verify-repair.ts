import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `verify-repair` task. */
export const handler = remediationHandler('verify-repair');
