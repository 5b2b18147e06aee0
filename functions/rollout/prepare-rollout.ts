import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AUDIT_KINDS } from '../core/audit.js';
import { InvalidInputError, UnknownTargetError } from '../core/errors.js';
import { resolveRollbackPolicy, validateRollbackPolicy } from '../core/restore-planner.js';
import { resolveGatePolicy, validateGatePolicy } from '../core/gate-policy.js';
import { resolveHookPolicy, validateHookPolicy } from '../core/hooks.js';
import { resolveApprovalPolicy, validateApprovalPolicy } from '../core/holds.js';
import { resolveCanaryPolicy } from '../core/judge/canary-judge.js';
import { rolloutPlan, validateSteps } from '../core/rollout-plan.js';
import type { PreparedRollout } from '../core/rollout-state.js';
import { parseStartRequest } from '../core/start-request.js';
import { auditRecord } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What preparing a rollout needs. */
export type PrepareRolloutDeps = Pick<TaskDeps, 'registry' | 'operations' | 'clock' | 'newId'>;

/**
 * Validates the request, looks the target up in the registry, and records the operation.
 * Changes nothing outside Braid's table; bad input is rejected before anything is written.
 */
export async function prepareRollout(input: unknown, deps: PrepareRolloutDeps): Promise<PreparedRollout> {
  const request = parseStartRequest(input);
  const target = await deps.registry.get(request.targetName);
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
  await deps.operations.create(
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

/** The PrepareRollout task: it also counts rollouts started. */
export const prepareRolloutTask: TaskCode<unknown, PreparedRollout, PrepareRolloutDeps> = {
  name: 'prepare-rollout',
  run: prepareRollout,
  recordMetrics: (_result, metrics) => metrics.addMetric('RolloutsStarted', MetricUnit.Count, 1),
};
