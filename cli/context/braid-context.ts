import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { BraidTable } from '../../functions/adapters/braid-table.js';
import { MissingConfigurationError } from '../errors.js';
import { translateAwsError } from './aws-errors.js';
import type { BraidConfig } from './braid-config.js';

/** Braid's table and state machine, reached through real SDK v3 clients. */
export interface BraidContext {
  readonly config: BraidConfig;
  readonly table: BraidTable;
  readonly sfn: SFNClient;
}

/**
 * Opens clients for `config`, runs `body`, and closes them; AWS failures that mean the
 * configuration is wrong (no such table, no credentials, endpoint unreachable) become user errors.
 */
export async function withBraidContext<T>(config: BraidConfig, body: (context: BraidContext) => Promise<T>): Promise<T> {
  // Only what was given: the rest comes from the SDK's own chain (AWS_ENDPOINT_URL_<SERVICE>, AWS_REGION, profiles).
  const clientConfig = { ...(config.endpointUrl ? { endpoint: config.endpointUrl } : {}), ...(config.region ? { region: config.region } : {}) };
  const dynamodb = new DynamoDBClient(clientConfig);
  const sfn = new SFNClient(clientConfig);
  try {
    await sfn.config.region().catch(() => {
      throw new MissingConfigurationError([{ what: 'the AWS region', flag: '--region', env: 'AWS_REGION' }]);
    });
    return await body({ config, table: new BraidTable(dynamodb, config.tableName), sfn });
  } catch (error) {
    throw translateAwsError(error, config);
  } finally {
    dynamodb.destroy();
    sfn.destroy();
  }
}
