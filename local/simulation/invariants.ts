import { AUDIT_KINDS, type AuditRecord } from '../../functions/core/audit.js';
import { isWhole, sameRouting, type AliasRouting } from '../../functions/core/alias-state.js';
import { OPEN_STATUSES, type OperationStatus } from '../../functions/core/operation-lifecycle.js';
import { describeRouting } from '../../functions/core/restore-planner.js';
import type { AliasFact, AuditFact } from './journal-facts.js';

/** The result of checking one invariant of the design brief over a whole scenario. */
export interface InvariantCheck {
  readonly id: 'I1' | 'I2' | 'I3' | 'I4' | 'I5';
  readonly holds: boolean;
  readonly detail: string;
}

/** What the checks know about each operation. */
export interface OperationFacts {
  readonly operationId: string;
  readonly kind: 'rollout' | 'remediation';
  readonly targetName: string;
  readonly status: OperationStatus;
  readonly stableVersion?: string;
  readonly newVersion?: string;
}

/** Everything the checks read: the sandbox's ordered journal, reduced to audit and alias facts. */
export interface InvariantInput {
  readonly audits: readonly AuditFact[];
  readonly aliasChanges: readonly AliasFact[];
  readonly operations: readonly OperationFacts[];
  /** Target name → its function and alias. */
  readonly targets: ReadonlyMap<string, { functionName: string; aliasName: string }>;
}

interface Mutation {
  readonly change: AliasFact;
  readonly intent?: AuditFact;
}

/** Audit records that announce an alias update (a repair or its undo only when it moves the alias). */
const INTENT_KINDS: readonly string[] = [
  AUDIT_KINDS.aliasShiftIntended,
  AUDIT_KINDS.aliasRestoreIntended,
  AUDIT_KINDS.repairIntended,
  AUDIT_KINDS.undoIntended,
];

/** Checks I1 to I5 and says, for each, what held or what broke. */
export function checkInvariants(input: InvariantInput): InvariantCheck[] {
  const mutations = matchIntents(input);
  return [
    checkLeases(input, mutations),
    checkEndStates(input),
    checkAuditBeforeMutation(mutations),
    checkOneRepairPerIncident(input),
    checkGatedIncreases(input, mutations),
  ];
}

/** I4: each alarm incident (per target) became one operation, and no operation made more than one repair. */
function checkOneRepairPerIncident(input: InvariantInput): InvariantCheck {
  const problems: string[] = [];
  const operationsByIncident = new Map<string, Set<string>>();
  for (const { record } of input.audits) {
    if (record.kind !== AUDIT_KINDS.incidentDetected) continue;
    const key = `${record.targetName} ${String(record.detail.incidentKey)}`;
    operationsByIncident.set(key, (operationsByIncident.get(key) ?? new Set()).add(record.operationId));
  }
  for (const [key, operations] of operationsByIncident) {
    if (operations.size > 1) problems.push(`incident ${key} became ${operations.size} operations: ${[...operations].join(', ')}`);
  }
  const repairs = new Map<string, number>();
  for (const { record } of input.audits)
    if (record.kind === AUDIT_KINDS.repairIntended) repairs.set(record.operationId, (repairs.get(record.operationId) ?? 0) + 1);
  for (const [operationId, count] of repairs) if (count > 1) problems.push(`${operationId} repaired ${count} times`);
  if (problems.length > 0) return { id: 'I4', holds: false, detail: problems.join('; ') };
  const duplicates = input.audits.filter((fact) => fact.record.kind === AUDIT_KINDS.incidentDuplicate).length;
  return {
    id: 'I4',
    holds: true,
    detail: `${operationsByIncident.size} incident(s), each one operation with at most one repair; ${duplicates} duplicate deliveries suppressed`,
  };
}

/** Pairs every UpdateAlias with the latest earlier, not yet used intent record for the same target and routing. */
function matchIntents(input: InvariantInput): Mutation[] {
  const used = new Set<AuditFact>();
  const targetOf = new Map([...input.targets].map(([name, t]) => [`${t.functionName}:${t.aliasName}`, name]));
  return input.aliasChanges
    .filter((change) => change.action === 'UpdateAlias')
    .map((change) => {
      const targetName = targetOf.get(`${change.functionName}:${change.alias}`);
      const intent = [...input.audits]
        .reverse()
        .find(
          (fact) =>
            fact.seq < change.seq &&
            !used.has(fact) &&
            fact.record.targetName === targetName &&
            INTENT_KINDS.includes(fact.record.kind) &&
            sameRouting(intendedRouting(fact.record), change),
        );
      if (intent) used.add(intent);
      return { change, intent };
    });
}

function intendedRouting(record: AuditRecord): AliasRouting {
  const detail = record.detail as { functionVersion?: string; additionalVersionWeights?: Record<string, number>; to?: AliasRouting };
  if (record.kind === AUDIT_KINDS.aliasRestoreIntended && detail.to) return detail.to;
  return { functionVersion: detail.functionVersion ?? '', additionalVersionWeights: detail.additionalVersionWeights ?? {} };
}

/** I3: every alias mutation has an audit record describing it, written before it. */
function checkAuditBeforeMutation(mutations: readonly Mutation[]): InvariantCheck {
  const orphans = mutations.filter((mutation) => !mutation.intent);
  if (orphans.length > 0) {
    return {
      id: 'I3',
      holds: false,
      detail: `${orphans.length} alias update(s) with no audit record written before them: ${orphans.map((o) => `#${o.change.seq} ${o.change.functionName}:${o.change.alias} → ${describeRouting(o.change)}`).join('; ')}`,
    };
  }
  return { id: 'I3', holds: true, detail: `each of ${mutations.length} alias update(s) was preceded by its audit record` };
}

/** I1: leases are exclusive (a new epoch only once the previous holder released or expired), and mutations carry the holder's current epoch. */
function checkLeases(input: InvariantInput, mutations: readonly Mutation[]): InvariantCheck {
  const problems: string[] = [];
  const holders = new Map<string, { operationId: string; epoch: number; expiresAtMs: number } | undefined>();
  const lastEpoch = new Map<string, number>();
  const events = [...input.audits.map((fact) => ({ seq: fact.seq, fact })), ...mutations.map((mutation) => ({ seq: mutation.change.seq, mutation }))].sort(
    (a, b) => a.seq - b.seq,
  );
  for (const event of events) {
    if ('fact' in event && event.fact) {
      const record = event.fact.record;
      if (record.kind === AUDIT_KINDS.leaseAcquired) {
        const holder = holders.get(record.targetName);
        if (holder && holder.operationId !== record.operationId && holder.expiresAtMs > record.atMs) {
          problems.push(`${record.operationId} took ${record.targetName} while ${holder.operationId} held it`);
        }
        const epoch = record.epoch ?? 0;
        if (epoch <= (lastEpoch.get(record.targetName) ?? 0)) problems.push(`epoch ${epoch} on ${record.targetName} did not increase`);
        lastEpoch.set(record.targetName, epoch);
        holders.set(record.targetName, {
          operationId: record.operationId,
          epoch,
          expiresAtMs: Number((record.detail as { expiresAtMs?: number }).expiresAtMs ?? Infinity),
        });
      } else if (record.kind === AUDIT_KINDS.leaseReleased && holders.get(record.targetName)?.operationId === record.operationId) {
        holders.set(record.targetName, undefined);
      }
    } else if ('mutation' in event && event.mutation?.intent) {
      const intent = event.mutation.intent.record;
      const holder = holders.get(intent.targetName);
      if (!holder || holder.operationId !== intent.operationId || holder.epoch !== intent.epoch) {
        problems.push(
          `update #${event.seq} by ${intent.operationId} at epoch ${intent.epoch} while the lease was ${holder ? `${holder.operationId}@${holder.epoch}` : 'free'}`,
        );
      }
    }
  }
  if (problems.length > 0) return { id: 'I1', holds: false, detail: problems.join('; ') };
  const acquisitions = input.audits.filter((fact) => fact.record.kind === AUDIT_KINDS.leaseAcquired).length;
  return { id: 'I1', holds: true, detail: `${acquisitions} lease acquisition(s), each exclusive; every alias update carried its holder's current epoch` };
}

/** I2: every ended operation left its alias wholly on the stable or the new version, or is flagged for a human. */
function checkEndStates(input: InvariantInput): InvariantCheck {
  const problems: string[] = [];
  for (const operation of input.operations) {
    if (OPEN_STATUSES.includes(operation.status)) {
      problems.push(`${operation.operationId} never ended (${operation.status})`);
      continue;
    }
    if (operation.status === 'needs_human') continue;
    // A remediation that never moved the alias (throttle, runbook, notify, skipped, ignored) has no alias end state of its own.
    if (
      operation.kind === 'remediation' &&
      !input.audits.some(
        (fact) =>
          fact.record.operationId === operation.operationId && fact.record.kind === AUDIT_KINDS.repairIntended && fact.record.detail.repair === 'update_alias',
      )
    )
      continue;
    const finished = input.audits.find((fact) => fact.record.operationId === operation.operationId && fact.record.kind === AUDIT_KINDS.operationFinished);
    const target = input.targets.get(operation.targetName);
    const routing = target && finished ? routingAt(input.aliasChanges, target, finished.seq) : undefined;
    if (!routing) {
      problems.push(`${operation.operationId}: no alias state known at its end`);
      continue;
    }
    // A repair may leave the alias on any version, but never split.
    const allowed = operation.kind === 'remediation' ? [routing.functionVersion] : [operation.stableVersion, operation.newVersion].filter(Boolean);
    if (!isWhole(routing) || !allowed.includes(routing.functionVersion)) {
      problems.push(`${operation.operationId} ended ${operation.status} with the alias on ${describeRouting(routing)}`);
    }
  }
  if (problems.length > 0) return { id: 'I2', holds: false, detail: problems.join('; ') };
  return { id: 'I2', holds: true, detail: `${input.operations.length} operation(s) ended with the alias wholly on one version or flagged for a human` };
}

/** I5: no weight increase or promotion unless the previous step's latest gate verdict passed. */
function checkGatedIncreases(input: InvariantInput, mutations: readonly Mutation[]): InvariantCheck {
  const problems: string[] = [];
  let increases = 0;
  for (const { change, intent } of mutations) {
    if (!intent || intent.record.kind !== AUDIT_KINDS.aliasShiftIntended) continue;
    const step = Number((intent.record.detail as { step?: number }).step ?? 0);
    if (step === 0) continue;
    increases += 1;
    // The step's verdict, not a look during its bake.
    const verdict = [...input.audits]
      .reverse()
      .find(
        (fact) =>
          fact.seq < change.seq &&
          fact.record.operationId === intent.record.operationId &&
          fact.record.kind === AUDIT_KINDS.gateVerdict &&
          !fact.record.detail.interim,
      );
    const detail = verdict?.record.detail as { step?: number; verdict?: string } | undefined;
    // The step the alias was on before this increase (with `promote --full` not always step - 1).
    const before = [...input.audits]
      .reverse()
      .find((fact) => fact.seq < intent.seq && fact.record.operationId === intent.record.operationId && fact.record.kind === AUDIT_KINDS.aliasShiftIntended);
    const previousStep = Number((before?.record.detail as { step?: number } | undefined)?.step ?? step - 1);
    if (!detail || detail.verdict !== 'pass' || detail.step !== previousStep) {
      problems.push(
        `${intent.record.operationId} moved to step ${step + 1} after ${detail ? `a ${detail.verdict} verdict on step ${Number(detail.step) + 1}` : 'no verdict'}`,
      );
    }
  }
  if (problems.length > 0) return { id: 'I5', holds: false, detail: problems.join('; ') };
  return { id: 'I5', holds: true, detail: `${increases} weight increase(s)/promotion(s), each after a passing gate on the step before` };
}

/** The alias's routing just after journal position `seq`. */
function routingAt(changes: readonly AliasFact[], target: { functionName: string; aliasName: string }, seq: number): AliasRouting | undefined {
  return changes.filter((change) => change.seq < seq && change.functionName === target.functionName && change.alias === target.aliasName).at(-1);
}
