import { describeRouting } from '../../functions/core/restore-planner.js';
import type { OperationReport, ScenarioReport, TimelineEntry } from '../../local/simulation/report.js';
import type { Style } from './style.js';

/** The human view of a scenario report: its timeline, each operation's outcome and final alias, the invariants. */
export function renderScenarioReport(report: ScenarioReport, style: Style): string {
  const lines = [style.bold(`▶ ${report.scenario.name}`) + (report.scenario.description ? ` — ${report.scenario.description}` : '')];
  for (const operation of report.operations) lines.push(...renderOperation(operation, style));
  const invariants = report.invariants.map((check) => (check.holds ? style.green(`${check.id} ✓`) : style.red(`${check.id} ✗ ${check.detail}`)));
  lines.push(`  invariants: ${invariants.join('  ')}`);
  lines.push(style.dim(`  ${report.stateTransitions} state transitions · ${formatClock(report.virtualSeconds)} of virtual time · seed ${report.scenario.seed}`));
  return `${lines.join('\n')}\n`;
}

function renderOperation(operation: OperationReport, style: Style): string[] {
  const colour = outcomeColour(operation.status, style);
  return [
    `  rollout ${operation.id} of ${operation.target} to version ${operation.newVersion}`,
    ...operation.timeline.filter(shown).map((entry) => `    ${style.dim(formatClock(entry.atSeconds))}  ${entry.message}`),
    `  outcome: ${colour(operation.status.toUpperCase())}${operation.reason ? ` — ${operation.reason}` : ''}`,
    `  final alias: ${describeRouting(operation.finalAlias)}`,
  ];
}

/** Green for promoted, yellow for rolled back, red for anything that needs a look. */
export function outcomeColour(status: string, style: Style): (text: string) => string {
  if (status === 'promoted') return style.green;
  if (status === 'rolled_back') return style.yellow;
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
