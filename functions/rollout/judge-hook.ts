import { AUDIT_KINDS } from '../core/audit.js';
import { InvalidInputError } from '../core/errors.js';
import { HookFailedError, judgeHookResponse, type HookKind, type HookResponse, type HookVerdict } from '../core/hooks.js';
import { inPhase, ROLLOUT_PHASES, type RolloutState, type SnapshottedState } from '../core/rollout-state.js';
import { auditRecord, auditScope } from '../kernel/task-audit.js';
import type { TaskCode } from '../kernel/task-code.js';
import type { TaskDeps } from '../kernel/task-deps.js';
import { leaseRenewal } from './lease-renewal.js';

/** What the hook judges need. */
export type JudgeHookDeps = Pick<TaskDeps, 'audit' | 'clock' | 'newId'>;

/** What the JudgePreTrafficHook / JudgePostTrafficHook states pass: which hook, and the state holding its answer. */
export interface JudgeHookRequest<S extends RolloutState = SnapshottedState> {
  readonly hook: HookKind;
  readonly state: S;
}

/** Longest piece of a hook's answer kept in the audit trail (DynamoDB items hold at most 400 KB). */
const RESPONSE_AUDIT_CHARS = 4000;

/**
 * Judges a traffic hook's answer (or the error or timeout its task caught) and records it.
 * A pass is recorded behind the lease fence and renews the lease for what follows; anything
 * else is recorded and raised as `Braid.HookFailed`, which the state machine turns into a
 * failed operation (before traffic moved) or a rollback (after the promotion).
 */
export async function judgeHook(request: JudgeHookRequest, deps: JudgeHookDeps): Promise<HookVerdict> {
  const { hook, state } = request;
  const { op, lease } = state;
  const functionName = op.hooks[hook];
  if (!functionName) {
    throw new InvalidInputError('rollout state', [
      { path: `op.hooks.${hook}`, message: 'is null, yet the state machine ran the hook; the definition and the task disagree' },
    ]);
  }
  const response = state.hookResult as HookResponse | undefined;
  const verdict = judgeHookResponse({ hook, functionName, timeoutSeconds: op.hooks.timeoutSeconds, response });
  const audit = auditRecord(deps, {
    ...auditScope(state, 'braid:judge-hook'),
    kind: AUDIT_KINDS.hookResult,
    detail: { ...verdict, response: auditedResponse(response) },
  });
  if (verdict.status !== 'Succeeded') {
    // Not fenced: recording why the rollout stops must not depend on still holding the lease.
    await deps.audit.append(audit);
    throw new HookFailedError(verdict);
  }
  const nowMs = deps.clock.nowMs();
  await deps.audit.writeFenced({
    targetName: state.targetName,
    operationId: state.operationId,
    epoch: lease.epoch,
    audit,
    // A hook may take up to 15 minutes: the steps (or the finish) ahead get a full lease again.
    renewUntilMs: leaseRenewal(op, hook === 'preTraffic' ? 0 : op.plan.length, nowMs),
  });
  return verdict;
}

/** The hook's answer as the audit trail keeps it: whole when small, else a quoted prefix. */
function auditedResponse(response: HookResponse | undefined): unknown {
  if (response === undefined) return null;
  const text = JSON.stringify(response);
  return text.length <= RESPONSE_AUDIT_CHARS ? response : { truncated: `${text.slice(0, RESPONSE_AUDIT_CHARS)}…` };
}

/** The JudgePreTrafficHook and JudgePostTrafficHook task. */
export const judgeHookTask: TaskCode<JudgeHookRequest<RolloutState>, HookVerdict, JudgeHookDeps> = {
  name: 'judge-hook',
  run: (request, deps) => judgeHook({ ...request, state: inPhase(request.state, ROLLOUT_PHASES.snapshotted) }, deps),
};
