import { AUDIT_KINDS } from '../core/audit.js';
import { InvalidInputError, UnknownTargetError } from '../core/errors.js';
import { REPAIR_ACTIONS, type RepairAction } from '../core/remediation/runbook.js';
import { requireWhoAndWhy } from '../core/operator-commands.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import type { RemediationOperation } from '../schema/operation-item.js';
import { decideAndStart, type DecideAndStartDeps, type DecideResult } from './decide-and-start.js';
import { runbookFor } from './load-incident.js';

/** What a repair asked for by hand needs: what the detector needs once it has an incident. */
export type RequestRepairDeps = DecideAndStartDeps & Pick<TaskDeps, 'registry' | 'operations'>;

/** An operator's request for a repair (`braid repair <target> --action … --reason …`). */
export interface RepairRequest {
  readonly targetName: string;
  /** @default the target runbook's action */
  readonly action?: RepairAction;
  /** For `throttle`: the reserved concurrency to set. @default the runbook's */
  readonly reservedConcurrency?: number;
  readonly by: string;
  readonly reason: string;
}

/**
 * Starts a repair by hand through the same path as an alarm: an operation, the policy (kill
 * switches and the breaker hold; cooldown, flapping and corroboration are for alarms), the
 * same state machine with its lease, re-read, audit and verification.
 */
export async function requestRepair(request: RepairRequest, deps: RequestRepairDeps): Promise<DecideResult> {
  requireWhoAndWhy('repair', request);
  if (request.action !== undefined && !REPAIR_ACTIONS.includes(request.action)) {
    throw new InvalidInputError('repair request', [
      { path: 'action', message: `must be one of ${REPAIR_ACTIONS.join(', ')}, got ${JSON.stringify(request.action)}` },
    ]);
  }
  const target = await deps.registry.get(request.targetName);
  if (!target) throw new UnknownTargetError(request.targetName);
  if (!target.remediation && request.action === undefined) {
    throw new InvalidInputError('repair request', [
      { path: 'action', message: `target "${request.targetName}" has no remediation runbook, so name the repair with --action (${REPAIR_ACTIONS.join(', ')})` },
    ]);
  }
  const action = request.action ?? target.remediation!.action;
  // Validated with the override before anything is written: a throttle with no concurrency is refused here.
  const runbook = runbookFor(target, action, request.reservedConcurrency, 'repair request');
  const nowMs = deps.clock.nowMs();
  const operationId = deps.newId();
  const operation: RemediationOperation = {
    operationId,
    kind: 'remediation',
    targetName: target.targetName,
    status: 'pending',
    trigger: 'manual',
    action,
    reservedConcurrency: request.reservedConcurrency,
    requestedBy: request.by,
    reason: request.reason,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  await deps.operations.create(
    operation,
    auditRecord(deps, {
      kind: AUDIT_KINDS.repairRequested,
      operationId,
      targetName: target.targetName,
      actor: `user:${request.by}`,
      detail: { action, reservedConcurrency: request.reservedConcurrency, by: request.by, reason: request.reason },
    }),
  );
  return decideAndStart({ operation, target, runbook, action, trigger: 'manual', alarmTimeMs: nowMs, actor: `user:${request.by}` }, deps);
}
