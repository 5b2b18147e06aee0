import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb/launcher.js';

/** Where a worker keeps its DynamoDB Local: on `globalThis`, so every test file the worker runs finds the same one. */
const WORKER_DYNAMODB_LOCAL = Symbol.for('braid.test.workerDynamoDbLocal');

type WorkerGlobal = typeof globalThis & { [WORKER_DYNAMODB_LOCAL]?: Promise<DynamoDbLocal> };

/**
 * The endpoint of this vitest worker's DynamoDB Local: started on the first call (global setup
 * has installed Java and the jar already) and shared by every test file the worker runs, which
 * name their tables per test. It ends with the worker process (the launcher ties the JVM to it).
 */
export async function dynamodbEndpoint(): Promise<string> {
  const worker = globalThis as WorkerGlobal;
  worker[WORKER_DYNAMODB_LOCAL] ??= startDynamoDbLocal().catch((error: unknown) => {
    // Let the next test file try again rather than fail on this one's error.
    delete worker[WORKER_DYNAMODB_LOCAL];
    throw error;
  });
  return (await worker[WORKER_DYNAMODB_LOCAL]).endpoint;
}
