import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one DynamoDB Local every test file of the run shares (tables are named per test). */
    dynamodbEndpoint: string;
  }
}

/** Starts one DynamoDB Local (installing Java and the jar first if missing) for the whole test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest's `test.env` reaches the test workers only; the readiness probe runs an SDK client here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
