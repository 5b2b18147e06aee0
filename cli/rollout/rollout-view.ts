import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { remediationTimings, type RemediationTimings } from '../../functions/core/remediation-timings.js';
import { causeText } from '../../functions/core/caught-error.js';
import type { OperationStatus } from '../../functions/core/operation-lifecycle.js';
import type { OperationRecord, RemediationOperation, RolloutOperation } from '../../functions/schema/operation-item.js';
import { requireRemediationStateMachine, requireRolloutStateMachine } from '../context/braid-config.js';
import type { BraidContext } from '../context/braid-context.js';
import { UnknownOperationError } from '../errors.js';
import { executionArnFor } from './execution-arn.js';
import { assertOperationId } from './operation-id.js';

/**
 * An operation's phase as the CLI shows it: the stored status, or `starting` (the execution runs
 * but has not recorded the operation yet) or `rejected` (the execution ended before recording it).
 */
export type RolloutPhase = OperationStatus | 'starting' | 'rejected';

/** Phases that never change again: `braid rollout watch` stops on them. */
export const TERMINAL_PHASES: ReadonlySet<RolloutPhase> = new Set([
  'promoted',
  'rolled_back',
  'needs_human',
  'refused',
  'failed',
  'rejected',
  'converged',
  'skipped',
  'ignored',
  'escalated',
]);

/** What a remediation adds to its summary: what started it, what policy decided, and how long it took. */
export interface RemediationSummary {
  /** An alarm incident, or `braid repair`. */
  readonly trigger: 'alarm' | 'manual';
  readonly alarmName?: string;
  readonly action: string;
  /** Absent until policy has decided. */
  readonly decision?: { readonly decision: string; readonly rule?: string; readonly reason?: string };
  /** Deliveries of the same incident that were counted and changed nothing. */
  readonly duplicatesSuppressed: number;
  /** Seconds from the alarm's state change (or the request) to detection, to the repair's call, and to verified convergence. */
  readonly timings: RemediationTimings;
}

/** One operation as `list` shows it. */
export interface OperationSummary {
  readonly operationId: string;
  /** `rollout` also for an execution of the rollout state machine that has not recorded its operation. */
  readonly kind: 'rollout' | 'remediation';
  readonly targetName?: string;
  readonly status: RolloutPhase;
  /** The version the alias was wholly on when the rollout took its snapshot. */
  readonly fromVersion?: string;
  readonly newVersion?: string;
  readonly requestedBy?: string;
  readonly reason?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  /** From creation to the last recorded change (the operation's own clock, the same on AWS and in the sandbox). */
  readonly elapsedSeconds?: number;
  /** The step the rollout is on or ended on, 1-based; `of` counts the plan's steps. */
  readonly step?: {
    readonly number: number;
    readonly of?: number;
    readonly weight: number;
    /** While the rollout runs: when the current step's bake ends, on the operation's clock. */
    readonly bakeUntil?: string;
  };
  readonly lastGate?: { readonly verdict: string; readonly summary: string };
  readonly outcomeReason?: string;
  /** Remediations only. */
  readonly remediation?: RemediationSummary;
}

/** An operation with its Step Functions execution, as `status` and `watch` show it. */
export interface RolloutView extends OperationSummary {
  /**
   * True once the execution has closed (whatever the record says), or the phase is terminal and
   * there is no execution. A terminal record with a running execution is not ended yet: the
   * execution closes moments later, and a view taken then would show it still RUNNING.
   */
  readonly ended: boolean;
  /** Null when the configured state machine has no execution of this name. */
  readonly execution: { readonly arn: string; readonly status: string; readonly error?: string; readonly cause?: string } | null;
}

/** The list view of a stored operation. */
export function summarizeOperation(record: OperationRecord): OperationSummary {
  const rollout = record.kind === 'rollout' ? record : undefined;
  return {
    operationId: record.operationId,
    kind: record.kind,
    targetName: record.targetName,
    status: record.status,
    fromVersion: rollout?.snapshot?.functionVersion,
    newVersion: rollout?.newVersion,
    requestedBy: record.requestedBy,
    reason: record.reason,
    createdAt: isoSeconds(record.createdAtMs),
    updatedAt: isoSeconds(record.updatedAtMs),
    elapsedSeconds: Math.round((record.updatedAtMs - record.createdAtMs) / 1000),
    step:
      rollout?.currentStep === undefined
        ? undefined
        : { number: rollout.currentStep + 1, of: rollout.planSteps, weight: rollout.currentWeight ?? 0, bakeUntil: bakeUntil(rollout) },
    lastGate: rollout?.lastVerdict === undefined ? undefined : { verdict: rollout.lastVerdict, summary: rollout.lastVerdictSummary ?? '' },
    outcomeReason: record.outcomeReason,
    remediation: record.kind === 'remediation' ? summarizeRemediation(record) : undefined,
  };
}

function summarizeRemediation(stored: RemediationOperation): RemediationSummary {
  return {
    trigger: stored.trigger,
    alarmName: stored.incident?.alarmName,
    action: stored.action,
    decision: stored.decision === undefined ? undefined : { decision: stored.decision, rule: stored.decisionRule, reason: stored.decisionReason },
    duplicatesSuppressed: stored.duplicatesSuppressed ?? 0,
    timings: remediationTimings(stored),
  };
}

/**
 * When the current step's bake ends, while the rollout runs. An absolute time rather than a
 * countdown: it is right on AWS and in the sandbox, whose clock runs ahead of the wall clock.
 */
function bakeUntil(stored: RolloutOperation): string | undefined {
  if (stored.status !== 'running' || stored.stepStartedAtMs === undefined || !stored.stepBakeSeconds) return undefined;
  return isoSeconds(stored.stepStartedAtMs + stored.stepBakeSeconds * 1000);
}

/**
 * Reads an operation and its execution (on the rollout or the remediation state machine, by the
 * operation's kind); fails with UnknownOperationError when neither exists.
 */
export async function readRolloutView(context: BraidContext, operationId: string): Promise<RolloutView> {
  assertOperationId(operationId);
  const first = await context.deps.operations.get(operationId);
  const stateMachineArn = first?.kind === 'remediation' ? requireRemediationStateMachine(context.config) : requireRolloutStateMachine(context.config);
  const execution = await describeExecution(context, executionArnFor(stateMachineArn, operationId));
  const executionEnded = execution !== null && execution.status !== 'RUNNING';
  // The execution may have ended between the two reads: its last task wrote the record first, so read it again.
  const record = first && executionEnded ? await context.deps.operations.get(operationId) : first;
  if (record) {
    const summary = summarizeOperation(record);
    return { ...summary, ended: execution ? executionEnded : TERMINAL_PHASES.has(summary.status), execution };
  }
  if (!execution) throw new UnknownOperationError(operationId, context.config.tableName);
  // PrepareRollout has not recorded it yet, or refused it (bad input, unknown target) before recording.
  return {
    operationId,
    kind: 'rollout',
    status: executionEnded ? 'rejected' : 'starting',
    outcomeReason: executionEnded ? `${execution.error ?? execution.status}: ${causeText(execution.cause)}` : undefined,
    ended: executionEnded,
    execution,
  };
}

async function describeExecution(context: BraidContext, arn: string): Promise<RolloutView['execution']> {
  try {
    const description = await context.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    return { arn, status: description.status ?? 'UNKNOWN', error: description.error, cause: description.cause };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return null;
    throw error;
  }
}

/** `2026-01-01T00:02:00Z`: ISO 8601 to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
