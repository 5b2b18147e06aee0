import { remediationHandler } from './private/task-handler.js';

/** Lambda entry point of the remediation's `prepare-repair` task. */
export const handler = remediationHandler('prepare-repair');
