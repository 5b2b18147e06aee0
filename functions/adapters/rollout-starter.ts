import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { StartRolloutRequest } from '../core/start-request.js';

/** Starts rollout executions: the execution is named after the operation id. */
export class RolloutStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(request: StartRolloutRequest): Promise<string> {
    const started = await this.client.send(
      new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: request.operationId, input: JSON.stringify(request) }),
    );
    return started.executionArn ?? '';
  }
}
