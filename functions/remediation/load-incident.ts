import { UnknownTargetError } from '../core/errors.js';
import type { RemediationState } from '../core/remediation-state.js';
import { resolveRunbook, type RemediationRunbook, type RepairAction, type RunbookInput } from '../core/remediation/runbook.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import type { RemediationOperation } from '../schema/operation-item.js';
import type { TargetRecord } from '../schema/target-item.js';

/** What loading an incident needs. */
export type LoadIncidentDeps = Pick<TaskDeps, 'operations' | 'registry'>;

/** An operation of the remediation braid with its target and the runbook it follows. */
export interface LoadedIncident {
  readonly operation: RemediationOperation;
  readonly target: TargetRecord;
  /** The target's runbook, with the action (and its parameter) the operation was started with. */
  readonly runbook: RemediationRunbook;
  readonly action: RepairAction;
  /** The alarms whose state tells whether the repair worked: the incident's alarm, or all the runbook's for a manual repair. */
  readonly alarmNames: readonly string[];
}

/** Reads the operation and its target, and resolves the runbook it follows. */
export async function loadIncident(state: Pick<RemediationState, 'operationId' | 'targetName'>, deps: LoadIncidentDeps): Promise<LoadedIncident> {
  const [operation, target] = await Promise.all([deps.operations.get(state.operationId), deps.registry.get(state.targetName)]);
  if (operation?.kind !== 'remediation') {
    throw new Error(`Operation ${state.operationId} is not a remediation in the table; the remediation execution cannot go on without its record.`);
  }
  if (!target) throw new UnknownTargetError(state.targetName);
  const { action } = operation;
  const runbook = runbookFor(target, action, operation.reservedConcurrency, `registry entry of "${target.targetName}".remediation`);
  const alarmNames = operation.incident ? [operation.incident.alarmName] : runbook.alarmNames;
  return { operation, target, runbook, action, alarmNames };
}

/**
 * The target's runbook for one repair: its own, with the action (and concurrency) the
 * operation asks for. A target with no runbook (a manual repair) watches its gate alarms.
 * @throws InvalidInputError when the result is not a valid runbook (e.g. a throttle with no concurrency)
 */
export function runbookFor(target: TargetRecord, action: RepairAction, reservedConcurrency: number | undefined, path: string): RemediationRunbook {
  const {
    reservedConcurrency: ownConcurrency,
    runbookFunction,
    onNotConverged,
    ...shared
  } = target.remediation ?? { alarmNames: target.gateAlarmNames, action };
  // The runbook's action-specific fields apply only to its own action: a different repair asked for by hand takes its defaults.
  const own = target.remediation?.action === action ? { reservedConcurrency: ownConcurrency, runbookFunction, onNotConverged } : {};
  const input = { ...shared, ...own, action, ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }) };
  return resolveRunbook(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as unknown as RunbookInput, path);
}

/** The worst state among the alarms read (ALARM over INSUFFICIENT_DATA over OK), with when it was entered. */
export async function worstAlarmState(
  names: readonly string[],
  deps: Pick<TaskDeps, 'alarms'>,
): Promise<{ state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; updatedAtMs: number; name?: string }> {
  const readings = await deps.alarms.readAlarms(names);
  const rank = { OK: 0, INSUFFICIENT_DATA: 1, ALARM: 2 } as const;
  let worst: { state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; updatedAtMs: number; name?: string } = {
    state: readings.length === names.length ? 'OK' : 'INSUFFICIENT_DATA',
    updatedAtMs: 0,
  };
  for (const reading of readings) {
    const updatedAtMs = reading.updatedAtMs ?? 0;
    if (rank[reading.state] > rank[worst.state] || (reading.state === worst.state && updatedAtMs > worst.updatedAtMs))
      worst = { state: reading.state, updatedAtMs, name: reading.name };
  }
  return worst;
}
