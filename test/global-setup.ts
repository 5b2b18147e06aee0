import { ensureDynamoDbLocal } from '../local/dynamodb/install.js';
import { ensureJavaRuntime } from '../local/dynamodb/java-runtime.js';

/**
 * Installs what DynamoDB Local needs (Java, the pinned jar) once, before the workers start: each
 * worker then starts its own DynamoDB Local on first use (see `test/support/dynamodb-local.ts`)
 * without racing the others to install it.
 */
export default async function setup(): Promise<void> {
  await ensureJavaRuntime();
  await ensureDynamoDbLocal();
}
