import { isWhole, sameRouting, toRoutingConfig, type AliasRouting, type AliasSnapshot } from '../alias-state.js';
import { BraidError } from '../errors.js';
import type { RemediationRunbook, RepairAction } from './runbook.js';

/** The target as re-read just before the repair (under the lease). */
export interface LiveState {
  readonly alias: AliasSnapshot;
  /** The state of the alarm that started the repair, as read now. */
  readonly alarmState: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** The last version a rollout completed on (the registry's record); absent when none is known. */
  readonly lastKnownGood?: string;
  /** The function's reserved concurrency; undefined when none is set. */
  readonly reservedConcurrency?: number;
}

/** Lambda `UpdateAlias` parameters, fenced by the alias revision read before. */
export interface UpdateAliasParams {
  readonly FunctionName: string;
  readonly Name: string;
  readonly FunctionVersion: string;
  readonly RoutingConfig: { readonly AdditionalVersionWeights: Record<string, number> };
  readonly RevisionId: string;
}

/** What a runbook Lambda receives; `idempotencyKey` is the same on every retry of one repair. */
export interface RunbookPayload {
  readonly idempotencyKey: string;
  readonly operationId: string;
  readonly targetName: string;
  readonly functionName: string;
  readonly aliasName: string;
  readonly alarmName?: string;
  readonly alias: AliasRouting;
}

/** The one call a repair makes (with its before/after for the audit trail), or why it makes none. */
export type RepairPlan =
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'escalate'; readonly reason: string }
  | { readonly kind: 'update_alias'; readonly before: AliasRouting; readonly after: AliasRouting; readonly params: UpdateAliasParams }
  | {
      readonly kind: 'put_concurrency';
      readonly before: number | null;
      readonly after: number;
      readonly params: { readonly FunctionName: string; readonly ReservedConcurrentExecutions: number };
    }
  | { readonly kind: 'invoke_runbook'; readonly params: { readonly FunctionName: string; readonly Payload: RunbookPayload } }
  | { readonly kind: 'notify' };

/** The call that takes a repair back. */
export type UndoPlan =
  | { readonly kind: 'update_alias'; readonly params: UpdateAliasParams; readonly restores: AliasRouting }
  | { readonly kind: 'put_concurrency'; readonly params: { readonly FunctionName: string; readonly ReservedConcurrentExecutions: number } }
  | { readonly kind: 'delete_concurrency'; readonly params: { readonly FunctionName: string } };

/** What {@link planRepair} needs: the action, the runbook, the live state and the names to address. */
export interface RepairInput {
  readonly action: RepairAction;
  readonly runbook: RemediationRunbook;
  readonly live: LiveState;
  readonly functionName: string;
  readonly aliasName: string;
  readonly operationId: string;
  readonly targetName: string;
  readonly alarmName?: string;
  readonly trigger: 'alarm' | 'manual';
}

/**
 * Plans a repair from the live state, so a repair that is no longer needed is not made: an
 * alarm that is OK again (alarm trigger only; a person asking for a repair gets it), an alias
 * already where the repair would put it, a concurrency already set. A repair Braid cannot plan
 * safely (no known good version, a runbook missing its parameter) escalates.
 */
export function planRepair(input: RepairInput): RepairPlan {
  const { action, runbook, live, functionName, aliasName, targetName } = input;
  if (input.trigger === 'alarm' && live.alarmState === 'OK') {
    return { kind: 'skip', reason: `Alarm ${input.alarmName ?? '(unnamed)'} is OK again: ${targetName} already converged.` };
  }
  const before = routingOf(live.alias);
  switch (action) {
    case 'rollback': {
      if (live.lastKnownGood === undefined) {
        return {
          kind: 'escalate',
          reason: `No known good version is recorded for ${targetName}, so Braid cannot tell where to roll back to; roll back by hand.`,
        };
      }
      const after: AliasRouting = { functionVersion: live.lastKnownGood, additionalVersionWeights: {} };
      if (sameRouting(before, after)) {
        return { kind: 'skip', reason: `${targetName} is already healthy: wholly on its last known good version ${live.lastKnownGood}.` };
      }
      return { kind: 'update_alias', before, after, params: updateAliasParams(functionName, aliasName, after, live.alias.revisionId) };
    }
    case 'shift_canary_to_zero': {
      if (isWhole(before)) {
        return { kind: 'skip', reason: `${targetName} has no canary traffic to remove: all of it goes to version ${before.functionVersion}.` };
      }
      const after: AliasRouting = { functionVersion: before.functionVersion, additionalVersionWeights: {} };
      return { kind: 'update_alias', before, after, params: updateAliasParams(functionName, aliasName, after, live.alias.revisionId) };
    }
    case 'throttle': {
      const wanted = runbook.reservedConcurrency;
      if (wanted === undefined) {
        return { kind: 'escalate', reason: `The runbook of ${targetName} throttles but sets no reservedConcurrency; fix the runbook and throttle by hand.` };
      }
      if (live.reservedConcurrency === wanted) {
        return { kind: 'skip', reason: `${functionName} already has a reserved concurrency of ${wanted}.` };
      }
      return {
        kind: 'put_concurrency',
        before: live.reservedConcurrency ?? null,
        after: wanted,
        params: { FunctionName: functionName, ReservedConcurrentExecutions: wanted },
      };
    }
    case 'invoke_runbook': {
      if (runbook.runbookFunction === undefined) {
        return {
          kind: 'escalate',
          reason: `The runbook of ${targetName} invokes a function but names none (runbookFunction); fix the runbook and repair by hand.`,
        };
      }
      return {
        kind: 'invoke_runbook',
        params: {
          FunctionName: runbook.runbookFunction,
          Payload: {
            // One repair is one operation: its retries must not run the runbook's effect twice.
            idempotencyKey: input.operationId,
            operationId: input.operationId,
            targetName,
            functionName,
            aliasName,
            ...(input.alarmName !== undefined ? { alarmName: input.alarmName } : {}),
            alias: before,
          },
        },
      };
    }
    case 'notify':
      return { kind: 'notify' };
  }
}

/** A repair that changed the alias cannot be undone without the revision it left (the fence of the undo). */
export class UndoRevisionMissingError extends BraidError {
  readonly code = 'Braid.UndoRevisionMissing';
  readonly fault = 'braid';

  constructor(
    readonly functionName: string,
    readonly aliasName: string,
  ) {
    super(
      `Cannot plan the undo of the repair of ${functionName}:${aliasName} without the alias revision id the repair left; pass the RevisionId UpdateAlias returned.`,
    );
  }
}

/**
 * The call that takes a repair back: the alias routing from before (fenced by the revision the
 * repair left, so a change made since by someone else is not overwritten), or the reserved
 * concurrency from before (deleted when there was none). Other plans change nothing Braid can
 * take back: undefined.
 * @throws UndoRevisionMissingError for an alias repair without `revisionIdAfter`
 */
export function planUndo(plan: RepairPlan, revisionIdAfter?: string): UndoPlan | undefined {
  switch (plan.kind) {
    case 'update_alias':
      if (revisionIdAfter === undefined) throw new UndoRevisionMissingError(plan.params.FunctionName, plan.params.Name);
      return {
        kind: 'update_alias',
        params: updateAliasParams(plan.params.FunctionName, plan.params.Name, plan.before, revisionIdAfter),
        restores: plan.before,
      };
    case 'put_concurrency':
      return plan.before === null
        ? { kind: 'delete_concurrency', params: { FunctionName: plan.params.FunctionName } }
        : { kind: 'put_concurrency', params: { FunctionName: plan.params.FunctionName, ReservedConcurrentExecutions: plan.before } };
    default:
      return undefined;
  }
}

function routingOf(alias: AliasSnapshot): AliasRouting {
  return { functionVersion: alias.functionVersion, additionalVersionWeights: { ...alias.additionalVersionWeights } };
}

function updateAliasParams(functionName: string, aliasName: string, routing: AliasRouting, revisionId: string): UpdateAliasParams {
  return {
    FunctionName: functionName,
    Name: aliasName,
    FunctionVersion: routing.functionVersion,
    RoutingConfig: toRoutingConfig(routing),
    RevisionId: revisionId,
  };
}
