/** What a remediation's timings are read from (fields of its operation record). */
export interface TimedRemediation {
  readonly createdAtMs: number;
  readonly incident?: { readonly stateTimestampMs: number; readonly detectedAtMs: number };
  readonly repairedAtMs?: number;
  readonly convergedAtMs?: number;
}

/** Seconds (to a tenth) to detection, to the repair's call and to verified convergence. */
export interface RemediationTimings {
  readonly detectSeconds?: number;
  readonly mitigateSeconds?: number;
  readonly convergeSeconds?: number;
}

/**
 * A remediation's timings, counted from the alarm's state change (what the pager saw), or
 * from the request for a manual repair; a step that did not happen has none.
 */
export function remediationTimings(operation: TimedRemediation): RemediationTimings {
  const fromMs = operation.incident?.stateTimestampMs ?? operation.createdAtMs;
  const seconds = (atMs: number | undefined) => (atMs === undefined ? undefined : Math.round((atMs - fromMs) / 100) / 10);
  return {
    detectSeconds: seconds(operation.incident?.detectedAtMs),
    mitigateSeconds: seconds(operation.repairedAtMs),
    convergeSeconds: seconds(operation.convergedAtMs),
  };
}
