import { describeRouting } from '../../functions/core/restore-planner.js';
import type { ActionReport, OperationReport, ScenarioReport, TimelineEntry } from '../../local/simulation/report.js';
import { formatTimings, remediationHeadline } from './render-remediation.js';
import type { Style } from './style.js';

/**
 * The human view of a scenario report: each operation (rollout or remediation) with its timeline,
 * outcome and the alias as it left it; the operator actions and notifications; each target's
 * alias at the end of the scenario; the invariants.
 */
export function renderScenarioReport(report: ScenarioReport, style: Style): string {
  const lines = [style.bold(`▶ ${report.scenario.name}`) + (report.scenario.description ? ` — ${report.scenario.description}` : '')];
  for (const operation of report.operations)
    lines.push(...(operation.kind === 'remediation' ? renderRemediation(operation, style) : renderOperation(operation, style)));
  // Operator actions and notifications, in the order they happened.
  const events = [
    ...report.operatorActions.map((action) => ({ atSeconds: action.atSeconds, line: renderAction(action, style) })),
    ...report.notifications.map((notification) => ({
      atSeconds: notification.atSeconds,
      line: `  ${style.dim(formatClock(notification.atSeconds))}  notified: ${notification.subject}`,
    })),
  ];
  lines.push(...events.sort((a, b) => a.atSeconds - b.atSeconds).map((event) => event.line));
  if (report.rejectedEvents > 0) lines.push(`  ${report.rejectedEvents} event(s) rejected by the detector (see the JSON report's audit trail)`);
  lines.push(`  final aliases at ${formatClock(report.virtualSeconds)}:`);
  for (const [targetName, alias] of Object.entries(report.finalAliases)) lines.push(`    ${targetName} → ${describeRouting(alias)}`);
  const invariants = report.invariants.map((check) => (check.holds ? style.green(`${check.id} ✓`) : style.red(`${check.id} ✗ ${check.detail}`)));
  lines.push(`  invariants: ${invariants.join('  ')}`);
  lines.push(
    style.dim(`  ${report.stateTransitions} state transitions · ${formatClock(report.virtualSeconds)} of virtual time · seed ${report.scenario.seed}`),
  );
  return `${lines.join('\n')}\n`;
}

function renderOperation(operation: OperationReport, style: Style): string[] {
  const colour = outcomeColour(operation.status, style);
  return [
    `  rollout ${operation.id} of ${operation.target} to version ${operation.newVersion}`,
    ...timeline(operation, style),
    `  outcome: ${colour(operation.status.toUpperCase())}${operation.reason ? ` — ${operation.reason}` : ''}`,
    ...aliasAtEnd(operation),
  ];
}

function renderRemediation(operation: OperationReport, style: Style): string[] {
  const remediation = operation.remediation ?? { trigger: 'alarm' as const, action: '?', duplicatesSuppressed: 0, timings: {} };
  const timings = formatTimings(remediation.timings);
  return [
    `  ${remediationHeadline({ operationId: operation.id, targetName: operation.target, remediation })}`,
    ...(remediation.duplicatesSuppressed > 0 ? [`  duplicates suppressed: ${remediation.duplicatesSuppressed}`] : []),
    ...timeline(operation, style),
    `  outcome: ${outcomeColour(operation.status, style)(operation.status.toUpperCase())}${operation.reason ? ` — ${operation.reason}` : ''}`,
    ...(timings ? [`  ${timings}`] : []),
    ...aliasAtEnd(operation),
  ];
}

/** `alias when the rollout ended: 2`; nothing for an operation that recorded nothing (it changed nothing). */
function aliasAtEnd(operation: OperationReport): string[] {
  return operation.aliasAtEnd ? [`  alias when the ${operation.kind} ended: ${describeRouting(operation.aliasAtEnd)}`] : [];
}

/** `t+30:00  operator alice: killswitch_on checkout:live — game day (global kill switch on)`. */
function renderAction(action: ActionReport, style: Style): string {
  const what = `${action.action}${action.target ? ` ${action.target}` : ''}`;
  const result = action.applied ? action.detail : style.red(`refused: ${action.detail}`);
  return `  ${style.dim(formatClock(action.atSeconds))}  operator ${action.by}: ${what} — ${action.reason} (${result})`;
}

function timeline(operation: OperationReport, style: Style): string[] {
  return operation.timeline.filter(shown).map((entry) => `    ${style.dim(formatClock(entry.atSeconds))}  ${entry.message}`);
}

/** Green for promoted or a repair that converged (or was not needed), yellow for rolled back or ignored, red for anything that needs a look. */
export function outcomeColour(status: string, style: Style): (text: string) => string {
  if (status === 'promoted' || status === 'converged' || status === 'skipped') return style.green;
  if (status === 'rolled_back' || status === 'ignored') return style.yellow;
  return style.red;
}

/** Bookkeeping is in the JSON report; the terminal shows what happened. */
function shown(entry: TimelineEntry): boolean {
  return !entry.bookkeeping;
}

/** `t+07:30` (or `t+1:02:03` past an hour). */
export function formatClock(seconds: number): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `t+${h}:${pad(m)}:${pad(s)}` : `t+${pad(m)}:${pad(s)}`;
}
