import { AUDIT_KINDS } from '../core/audit.js';
import { InvalidInputError, UnknownTargetError } from '../core/errors.js';
import { resolveRollbackPolicy, validateRollbackPolicy, type RollbackPolicy } from '../core/restore-planner.js';
import { resolveGatePolicy, validateGatePolicy, type GatePolicy } from '../core/gate-policy.js';
import { resolveHookPolicy, validateHookPolicy, type HookPolicy } from '../core/hooks.js';
import { resolveApprovalPolicy, validateApprovalPolicy, type ApprovalPolicy } from '../core/holds.js';
import { resolveCanaryPolicy, type CanaryPolicy } from '../core/judge/canary-judge.js';
import { rolloutPlan, validateSteps, type RolloutStep } from '../core/rollout-plan.js';
import { parseStartRequest } from './start-request.js';
import { auditRecord, type TaskDeps } from './task-deps.js';

/** What PrepareRollout adds to the state. */
export interface PreparedRollout {
  functionName: string;
  aliasName: string;
  plan: Required<RolloutStep>[];
  gateAlarmNames: string[];
  gate: GatePolicy;
  approvals: ApprovalPolicy;
  /** Null when the target does not enable the judge (ASL paths need the field to exist). */
  canaryJudge: Required<CanaryPolicy> | null;
  /** The target's traffic hooks; a hook it does not have is null. */
  hooks: HookPolicy;
  rollback: RollbackPolicy;
}

/**
 * Validates the request, looks the target up in the registry, and records the operation.
 * Changes nothing outside Braid's table; bad input is rejected before anything is written.
 */
export async function prepareRollout(input: unknown, deps: TaskDeps): Promise<PreparedRollout> {
  const request = parseStartRequest(input);
  const target = await deps.table.getTarget(request.targetName);
  if (!target) throw new UnknownTargetError(request.targetName);
  const issues = [
    ...validateSteps(target.steps, 'target.steps'),
    ...validateGatePolicy(target.gatePolicy ?? {}, 'target.gatePolicy'),
    ...validateApprovalPolicy(target.approvalPolicy ?? {}, 'target.approvalPolicy'),
    ...validateHookPolicy(target.hooks ?? {}, 'target.hooks'),
    ...validateRollbackPolicy(target.rollbackPolicy ?? {}, 'target.rollbackPolicy'),
  ];
  if (issues.length > 0) throw new InvalidInputError(`registry entry of "${target.targetName}"`, issues);
  const plan = rolloutPlan(target.steps);
  const nowMs = deps.clock.nowMs();
  await deps.table.createOperation(
    {
      operationId: request.operationId,
      kind: 'rollout',
      targetName: target.targetName,
      newVersion: request.newVersion,
      status: 'pending',
      planSteps: plan.length,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      requestedBy: request.requestedBy,
      reason: request.reason,
    },
    auditRecord(deps, {
      kind: AUDIT_KINDS.operationCreated,
      operationId: request.operationId,
      targetName: target.targetName,
      actor: request.requestedBy ?? 'braid:prepare-rollout',
      detail: { newVersion: request.newVersion, plan, reason: request.reason },
    }),
  );
  return {
    functionName: target.functionName,
    aliasName: target.aliasName,
    plan,
    gateAlarmNames: [...target.gateAlarmNames],
    gate: resolveGatePolicy(target.gatePolicy),
    approvals: resolveApprovalPolicy(target.approvalPolicy),
    canaryJudge: target.canaryJudge ? resolveCanaryPolicy(target.canaryJudge) : null,
    hooks: resolveHookPolicy(target.hooks),
    rollback: resolveRollbackPolicy(target.rollbackPolicy),
  };
}
