import { LambdaClient } from '@aws-sdk/client-lambda';
import { AliasReader } from '../adapters/alias-reader.js';
import type { LambdaDeps } from '../kernel/task-deps.js';
import { depsGroup } from './deps-group.js';

/** What Braid reads from Lambda, on one Lambda client. */
export const lambdaDeps = depsGroup<LambdaDeps>((env) => ({
  aliases: () => new AliasReader(env.client('lambda', (config) => new LambdaClient(config))),
}));
