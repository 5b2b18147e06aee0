import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { RemediationState } from '../core/remediation-state.js';

/** Starts remediation executions, named after the operation id so a start can be repeated safely. */
export class RemediationStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  /**
   * Starts the operation's execution. Starting again with the same input is a no-op (Step
   * Functions is idempotent on name and input); an execution of that name that already
   * closed is left alone.
   */
  async start(input: RemediationState): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.operationId}`;
    try {
      const started = await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.operationId, input: JSON.stringify(input) }),
      );
      return { executionArn: started.executionArn ?? executionArn, alreadyStarted: false };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { executionArn, alreadyStarted: true };
      throw error;
    }
  }
}
