import type { RemediationSummary } from '../rollout/rollout-view.js';

/** What a remediation's headline needs. */
export interface RemediationHeading {
  readonly operationId: string;
  readonly targetName?: string;
  readonly remediation: Pick<RemediationSummary, 'trigger' | 'alarmName' | 'action'>;
}

/** `remediation <id> of checkout:live (alarm checkout-live-errors → rollback)`, or `(manual → throttle)` for `braid repair`. */
export function remediationHeadline(heading: RemediationHeading): string {
  const { trigger, alarmName, action } = heading.remediation;
  const cause = trigger === 'manual' ? 'manual' : `alarm ${alarmName ?? '?'}`;
  return `remediation ${heading.operationId}${heading.targetName ? ` of ${heading.targetName}` : ''} (${cause} → ${action})`;
}

/** `detect 0.4 s · mitigate 2 s · converge 360 s`, leaving out what did not happen; undefined when nothing did. */
export function formatTimings(timings: RemediationSummary['timings']): string | undefined {
  const parts = [
    ['detect', timings.detectSeconds],
    ['mitigate', timings.mitigateSeconds],
    ['converge', timings.convergeSeconds],
  ].filter((part): part is [string, number] => part[1] !== undefined);
  return parts.length === 0 ? undefined : parts.map(([name, seconds]) => `${name} ${seconds} s`).join(' · ');
}

/** `auto_repair (allowed) — the repair is allowed…`: what policy decided, by which rule, and why. */
export function formatDecision(decision: { readonly decision: string; readonly rule?: string; readonly reason?: string }): string {
  return `${decision.decision}${decision.rule ? ` (${decision.rule})` : ''}${decision.reason ? ` — ${decision.reason}` : ''}`;
}
