import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';

/** Resumes executions waiting on a task token (`.waitForTaskToken`); the only way a person's decision reaches one. */
export class TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(token: string, output: unknown): Promise<void> {
    await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  }

  /** `error` is what the state machine's Catch sees as `Error`; `cause` is shown to people. */
  async fail(token: string, error: string, cause: string): Promise<void> {
    await this.client.send(new SendTaskFailureCommand({ taskToken: token, error, cause: cause.slice(0, 32_768) }));
  }
}
