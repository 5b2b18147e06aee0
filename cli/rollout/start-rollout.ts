import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { TargetBusyError, UnknownTargetError } from '../../functions/core/errors.js';
import type { StartRolloutRequest } from '../../functions/core/start-request.js';
import type { BraidContext } from '../context/braid-context.js';
import { executionArnFor } from './execution-arn.js';
import { isoSeconds } from './rollout-view.js';

/** A started rollout: its operation id (also the execution's name) and what was sent. */
export interface StartedRollout extends StartRolloutRequest {
  readonly executionArn: string;
  readonly startedAt: string;
}

/**
 * Checks a rollout request, already validated by the state machine's request schema, against
 * the state machine's other rules (the registry, the lease), then starts the execution. Anything
 * the state machine would refuse is refused here first, so nothing is started for it.
 */
export async function startRollout(context: BraidContext, input: StartRolloutRequest): Promise<StartedRollout> {
  const target = await context.deps.registry.get(input.targetName);
  if (!target) throw new UnknownTargetError(input.targetName);
  const holder = await runningLeaseHolder(context, input.targetName);
  if (holder) throw new TargetBusyError(input.targetName, holder);
  const stateMachineArn = context.config.stateMachineArn!;
  const started = await context.sfn.send(new StartExecutionCommand({ stateMachineArn, name: input.operationId, input: JSON.stringify(input) }));
  return {
    ...input,
    executionArn: started.executionArn ?? executionArnFor(stateMachineArn, input.operationId),
    startedAt: isoSeconds(started.startDate?.getTime() ?? Date.now()),
  };
}

/**
 * The operation holding the target's lease, if it is still running. Judged by its execution (or,
 * when the execution is not found, its record) rather than the lease's expiry, which is written
 * on the state machine's clock: the CLI's wall clock may not be that one (the sandbox's is virtual).
 */
async function runningLeaseHolder(context: BraidContext, targetName: string): Promise<string | undefined> {
  const lease = await context.deps.leases.get(targetName);
  if (!lease?.holder) return undefined;
  try {
    const execution = await context.sfn.send(new DescribeExecutionCommand({ executionArn: executionArnFor(context.config.stateMachineArn!, lease.holder) }));
    return execution.status === 'RUNNING' ? lease.holder : undefined;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ExecutionDoesNotExist')) throw error;
  }
  const operation = await context.deps.operations.get(lease.holder);
  return operation && (operation.status === 'pending' || operation.status === 'running') ? lease.holder : undefined;
}
