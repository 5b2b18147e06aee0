import { encodeTime } from 'ulidx';
import type { AliasSnapshot } from '../core/alias-state.js';
import type { GateVerdict } from '../core/gate-judge.js';
import type { OperationStatus } from '../core/operation-lifecycle.js';
import type { OperatorCommand } from '../core/operator-commands.js';
import type { PolicyRule, RemediationDecisionKind } from '../core/remediation/remediation-policy.js';
import type { RepairAction } from '../core/remediation/runbook.js';
import { operationPartition, targetPartition, type IndexEntry, type ItemKey } from './braid-table-schema.js';

/** What every operation records, whichever braid runs it. */
interface OperationBase {
  readonly operationId: string;
  readonly targetName: string;
  readonly status: OperationStatus;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly requestedBy?: string;
  readonly reason?: string;
  /** The lease epoch it holds (or held last). */
  readonly epoch?: number;
  readonly outcomeReason?: string;
}

/** A rollout as stored: its plan, the alias it started from, where it is, and the last verdict. */
export interface RolloutOperation extends OperationBase {
  readonly kind: 'rollout';
  /** The version it shifts to. */
  readonly newVersion: string;
  /** How many steps its plan has (promotion included). */
  readonly planSteps: number;
  /** The alias as the rollout found it: what compensation restores. */
  readonly snapshot?: AliasSnapshot;
  readonly stableVersion?: string;
  readonly currentStep?: number;
  readonly currentWeight?: number;
  /** When the current step was applied and how long it bakes (for `braid rollout watch`). */
  readonly stepStartedAtMs?: number;
  readonly stepBakeSeconds?: number;
  readonly lastVerdict?: GateVerdict;
  readonly lastVerdictSummary?: string;
  /** An operator's command waiting for the next gate check. */
  readonly command?: OperatorCommand;
}

/** The alarm incident a remediation answers. */
export interface IncidentRef {
  readonly key: string;
  readonly alarmName: string;
  readonly stateTimestampMs: number;
  readonly eventId: string;
  readonly detectedAtMs: number;
}

/** A remediation as stored (an incident, or a repair asked for by hand): what started it, what policy decided, how it went. */
export interface RemediationOperation extends OperationBase {
  readonly kind: 'remediation';
  /** An alarm incident, or `braid repair`. */
  readonly trigger: 'alarm' | 'manual';
  readonly action: RepairAction;
  /** Alarm-triggered remediations only. */
  readonly incident?: IncidentRef;
  /** A manual throttle's concurrency, when the operator named one. */
  readonly reservedConcurrency?: number;
  readonly decision?: RemediationDecisionKind;
  readonly decisionRule?: PolicyRule;
  readonly decisionReason?: string;
  /** Further deliveries of the same incident, counted and otherwise ignored. */
  readonly duplicatesSuppressed?: number;
  readonly repairedAtMs?: number;
  readonly convergedAtMs?: number;
  /** The execution that runs it, once started. */
  readonly executionArn?: string;
}

/** An operation as stored: one run of a braid on a target. */
export type OperationRecord = RolloutOperation | RemediationOperation;

/** The sort-key prefix of operations in a target's index partition. */
export const OPERATION_INDEX_PREFIX = 'OP#';

/** A ULID starts with its time in ten base-32 characters. */
const ULID_TIME_CHARS = 10;

/** The key of an operation's record. */
export function operationKey(operationId: string): ItemKey {
  return { pk: operationPartition(operationId), sk: 'OP' };
}

/** An operation's record as stored: in its own partition, and listed in the index under its target, sorted by id (ULIDs sort by time). */
export function operationItem(operation: OperationRecord): ItemKey & IndexEntry & OperationRecord {
  return {
    ...operationKey(operation.operationId),
    gsi1pk: targetPartition(operation.targetName),
    gsi1sk: `${OPERATION_INDEX_PREFIX}${operation.operationId}`,
    ...operation,
  };
}

/**
 * The index range of a target's operations whose ids were made between two times: operation
 * ids are ULIDs (an incident's carries the alarm's time), so their first ten characters sort
 * by time.
 */
export function operationsBetween(targetName: string, sinceMs: number, untilMs: number): { gsi1pk: string; from: string; to: string } {
  return {
    gsi1pk: targetPartition(targetName),
    from: `${OPERATION_INDEX_PREFIX}${encodeTime(Math.max(0, sinceMs), ULID_TIME_CHARS)}`,
    to: `${OPERATION_INDEX_PREFIX}${encodeTime(Math.max(0, untilMs), ULID_TIME_CHARS)}~`,
  };
}
