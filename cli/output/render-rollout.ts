import type { AuditRecord } from '../../functions/core/audit.js';
import type { OperationSummary, RemediationSummary, RolloutView } from '../rollout/rollout-view.js';
import { isoSeconds } from '../rollout/rollout-view.js';
import type { StartedRollout } from '../rollout/start-rollout.js';
import { describeAudit } from '../../functions/core/audit-text.js';
import { formatDecision, formatTimings, remediationHeadline } from './render-remediation.js';
import { formatClock, outcomeColour } from './render-report.js';
import type { Style } from './style.js';

/** The human view of `braid rollout start`: the id alone, so `id=$(braid rollout start …)` works. */
export function renderStarted(started: StartedRollout): string {
  return started.operationId;
}

/** The human view of `braid rollout status`: one labelled line per fact. */
export function renderStatus(view: RolloutView, style: Style): string {
  if (view.remediation) return renderRemediationStatus(view, view.remediation, style);
  const rows: [string, string | undefined][] = [
    ['status', `${phase(view.status, style)}${view.outcomeReason ? ` — ${view.outcomeReason}` : ''}`],
    ['step', view.step && describeStep(view.step)],
    ['last gate', view.lastGate && `${view.lastGate.verdict} — ${view.lastGate.summary}`],
    ['requested', view.requestedBy && `by ${view.requestedBy}${view.reason ? ` — "${view.reason}"` : ''}`],
    ['created', view.createdAt],
    ['updated', view.updatedAt && `${view.updatedAt} (${formatClock(view.elapsedSeconds ?? 0)})`],
    [
      'execution',
      view.execution
        ? `${view.execution.status}${view.execution.error ? ` (${view.execution.error})` : ''} ${style.dim(view.execution.arn)}`
        : 'not found on this state machine',
    ],
  ];
  return labelled(style.bold(`rollout ${view.operationId}${view.targetName ? ` of ${view.targetName}: ${versions(view)}` : ''}`), rows);
}

/** A remediation's status: trigger and action, decision, duplicates, timings instead of steps and gates. */
function renderRemediationStatus(view: RolloutView, remediation: RemediationSummary, style: Style): string {
  return labelled(style.bold(remediationHeadline({ ...view, remediation })), [
    ['status', `${phase(view.status, style)}${view.outcomeReason ? ` — ${view.outcomeReason}` : ''}`],
    ['decision', remediation.decision && formatDecision(remediation.decision)],
    ['requested', view.requestedBy && `by ${view.requestedBy}${view.reason ? ` — "${view.reason}"` : ''}`],
    ['duplicates', remediation.duplicatesSuppressed > 0 ? `${remediation.duplicatesSuppressed} suppressed` : undefined],
    ['timings', formatTimings(remediation.timings)],
    ['created', view.createdAt],
    ['updated', view.updatedAt && `${view.updatedAt} (${formatClock(view.elapsedSeconds ?? 0)})`],
    [
      'execution',
      view.execution
        ? `${view.execution.status}${view.execution.error ? ` (${view.execution.error})` : ''} ${style.dim(view.execution.arn)}`
        : 'none (nothing was started)',
    ],
  ]);
}

function labelled(heading: string, rows: [string, string | undefined][]): string {
  const lines = [heading];
  for (const [label, value] of rows) if (value !== undefined) lines.push(`  ${label.padEnd(10)} ${value}`);
  return lines.join('\n');
}

/** The human view of `braid rollout list`: one row per operation, newest first. */
export function renderList(targetName: string, operations: readonly OperationSummary[], style: Style): string {
  if (operations.length === 0) return `no operations on ${targetName}`;
  const rows = operations.map((op) => [
    op.operationId,
    op.status,
    change(op),
    op.createdAt ?? '',
    op.outcomeReason ?? (op.step ? `step ${describeStep(op.step)}` : ''),
  ]);
  const header = ['OPERATION', 'STATUS', 'CHANGE', 'CREATED', 'OUTCOME / STEP'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[], colour = (text: string) => text) =>
    cells
      .map((cell, column) => (column === 1 ? colour(cell.padEnd(widths[column]!)) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [style.bold(line(header)), ...rows.map((row) => line(row, phaseColour(row[1]!, style)))].join('\n');
}

/** The human view of `braid rollout history`: one line per audit record, oldest first. */
export function renderHistory(records: readonly AuditRecord[]): string {
  const kindWidth = Math.max(...records.map((record) => record.kind.length));
  const actorWidth = Math.max(...records.map((record) => record.actor.length));
  return records
    .map((record) =>
      [
        isoSeconds(record.atMs),
        record.kind.padEnd(kindWidth),
        record.actor.padEnd(actorWidth),
        (record.epoch === undefined ? '-' : `epoch ${record.epoch}`).padEnd(8),
        describeAudit(record),
      ].join('  '),
    )
    .join('\n');
}

/** One line of `braid rollout watch`: elapsed time, phase, step and weight, last gate. */
export function renderWatchLine(view: RolloutView, style: Style): string {
  const parts = [style.dim(formatClock(view.elapsedSeconds ?? 0)), phase(view.status, style)];
  if (view.remediation) {
    parts.push(view.remediation.action);
    if (view.remediation.decision) parts.push(`decided ${view.remediation.decision.decision}`);
  }
  if (view.step) parts.push(`step ${describeStep(view.step)}`);
  if (view.step?.bakeUntil) parts.push(`baking until ${view.step.bakeUntil}`);
  if (view.lastGate) parts.push(`gate ${view.lastGate.verdict}: ${view.lastGate.summary}`);
  if (view.outcomeReason) parts.push(`outcome: ${view.outcomeReason}`);
  return parts.join('  ');
}

/** The block `braid rollout watch` redraws on a terminal. */
export function renderWatchBlock(view: RolloutView, style: Style): string {
  const heading = view.remediation
    ? remediationHeadline({ ...view, remediation: view.remediation })
    : `rollout ${view.operationId}${view.targetName ? ` of ${view.targetName}: ${versions(view)}` : ''}`;
  return [style.bold(heading), `  ${renderWatchLine(view, style)}`].join('\n');
}

function describeStep(step: NonNullable<OperationSummary['step']>): string {
  return `${step.number}${step.of === undefined ? '' : ` of ${step.of}`} at ${step.weight}%`;
}

/** What an operation changes: a rollout's versions, a remediation's repair. */
function change(op: OperationSummary): string {
  return op.remediation ? `repair ${op.remediation.action}` : versions(op);
}

function versions(op: OperationSummary): string {
  return `${op.fromVersion ?? '?'} → ${op.newVersion ?? '?'}`;
}

function phase(status: string, style: Style): string {
  return phaseColour(status, style)(status.toUpperCase());
}

function phaseColour(status: string, style: Style): (text: string) => string {
  if (status === 'pending' || status === 'running' || status === 'starting') return (text) => text;
  // Waiting for a person is not a failure.
  if (status === 'awaiting_approval' || status === 'paused') return style.yellow;
  return outcomeColour(status, style);
}
