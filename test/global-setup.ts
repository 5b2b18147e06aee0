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
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
