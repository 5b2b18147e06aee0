import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { MemoryJournal } from '../../../local/contracts.js';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import { StepFunctionsEmulator } from '../../../local/stepfunctions/stepfunctions-emulator.js';
import type { LambdaInvocation, TaskIntegrations } from '../../../local/stepfunctions/task-integrations.js';
import { VirtualClock, type VirtualClockOptions } from '../../../local/virtual-clock.js';

/** 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

/** One call the emulator made to the fake integrations, stamped with virtual time. */
export interface IntegrationCall {
  readonly atMs: number;
  readonly kind: 'lambda' | 'sdk';
  readonly target: string;
  readonly payload: unknown;
}

/** Per-test behaviour of the fake integrations; the default succeeds with an echo. */
export interface FakeIntegrations {
  lambda?: (functionName: string, payload: unknown) => Promise<LambdaInvocation> | LambdaInvocation;
  sdk?: (service: string, action: string, parameters: Record<string, unknown>) => Promise<unknown> | unknown;
}

/** The Step Functions emulator behind a sandbox server, with an SDK client and a call log. */
export interface StepFunctionsSandbox {
  readonly clock: VirtualClock;
  readonly journal: MemoryJournal;
  readonly emulator: StepFunctionsEmulator;
  readonly sfn: SFNClient;
  readonly server: SandboxServer;
  readonly calls: IntegrationCall[];
  readonly fakes: FakeIntegrations;
  /** Creates a state machine through the SDK and returns its ARN. */
  createMachine(name: string, definition: object): Promise<string>;
  close(): Promise<void>;
}

/** An error as an AWS SDK client throws it: `name` is the AWS error code. */
export function awsError(code: string, message = code): Error {
  const error = new Error(message);
  error.name = code;
  return error;
}

/** Starts a sandbox with the Step Functions emulator; call `close()` after the test. */
export async function startStepFunctionsSandbox(seed = 7, clockOptions: VirtualClockOptions = {}): Promise<StepFunctionsSandbox> {
  const clock = new VirtualClock(T0, clockOptions);
  const journal = new MemoryJournal(clock);
  const calls: IntegrationCall[] = [];
  const fakes: FakeIntegrations = {};
  const integrations: TaskIntegrations = {
    invokeLambda: async (functionName, payload) => {
      calls.push({ atMs: clock.nowMs(), kind: 'lambda', target: functionName, payload });
      return fakes.lambda ? fakes.lambda(functionName, payload) : { statusCode: 200, payload, executedVersion: '1' };
    },
    callAwsSdk: async (service, action, parameters) => {
      calls.push({ atMs: clock.nowMs(), kind: 'sdk', target: `${service}:${action}`, payload: parameters });
      return fakes.sdk ? fakes.sdk(service, action, parameters) : { $metadata: { httpStatusCode: 200 }, ...parameters };
    },
  };
  const emulator = new StepFunctionsEmulator({ clock, journal, integrations, seed });
  const server = await startSandboxServer([emulator]);
  const sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  return {
    clock,
    journal,
    emulator,
    sfn,
    server,
    calls,
    fakes,
    createMachine: async (name, definition) => {
      const created = await sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/braid-states' }),
      );
      return created.stateMachineArn ?? '';
    },
    close: async () => {
      sfn.destroy();
      await server.close();
    },
  };
}
