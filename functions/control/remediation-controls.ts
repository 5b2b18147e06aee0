import { AUDIT_KINDS } from '../core/audit.js';
import { UnknownTargetError } from '../core/errors.js';
import { requireWhoAndWhy } from '../core/operator-commands.js';
import { CLOSED_BREAKER, type BreakerState } from '../core/remediation/remediation-policy.js';
import type { TaskDeps } from '../kernel/task-deps.js';

/** What turning a kill switch needs. */
export type KillSwitchDeps = Pick<TaskDeps, 'registry' | 'killSwitches' | 'clock' | 'newId'>;

/** What resetting a breaker needs. */
export type ResetBreakerDeps = Pick<TaskDeps, 'registry' | 'controls' | 'breakers' | 'clock' | 'newId'>;

/** The audit stream of operator controls: `control` for one target, `control:*` for the global switch. */
function controlStream(targetName: string | undefined) {
  return { operationId: targetName === undefined ? 'control' : `control:${targetName}`, targetName: targetName ?? '*' };
}

/**
 * Turns a kill switch on or off (`braid killswitch on|off [--target]`): on, no remediation
 * mutates anything (checked when deciding and again just before acting). Audited with who and why.
 */
export async function setKillSwitch(request: { on: boolean; targetName?: string; by: string; reason: string }, deps: KillSwitchDeps): Promise<void> {
  requireWhoAndWhy(request.on ? 'killswitch on' : 'killswitch off', request);
  if (request.targetName !== undefined && !(await deps.registry.get(request.targetName))) throw new UnknownTargetError(request.targetName);
  const atMs = deps.clock.nowMs();
  await deps.killSwitches.set(
    request.targetName,
    { on: request.on, by: request.by, reason: request.reason, atMs },
    {
      auditId: deps.newId(),
      kind: AUDIT_KINDS.killSwitchChanged,
      ...controlStream(request.targetName),
      atMs,
      actor: `user:${request.by}`,
      detail: { on: request.on, scope: request.targetName ?? 'global', by: request.by, reason: request.reason },
    },
  );
}

/** Closes a target's circuit breaker (`braid breaker reset <target>`), audited with who and why. Returns the state it replaced. */
export async function resetBreaker(request: { targetName: string; by: string; reason: string }, deps: ResetBreakerDeps): Promise<BreakerState> {
  requireWhoAndWhy('breaker reset', request);
  if (!(await deps.registry.get(request.targetName))) throw new UnknownTargetError(request.targetName);
  const { breaker } = await deps.controls.readTarget(request.targetName);
  const atMs = deps.clock.nowMs();
  await deps.breakers.set(request.targetName, CLOSED_BREAKER, {
    auditId: deps.newId(),
    kind: AUDIT_KINDS.breakerChanged,
    ...controlStream(request.targetName),
    atMs,
    actor: `user:${request.by}`,
    detail: { ...CLOSED_BREAKER, reset: true, was: breaker, by: request.by, reason: request.reason },
  });
  return breaker;
}
