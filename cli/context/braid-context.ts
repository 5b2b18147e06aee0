import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock, type Clock } from '../../functions/core/clock.js';
import { ulidGenerator } from '../../functions/core/ids.js';
import { allDeps } from '../../functions/deps/all-deps.js';
import { DepsEnvironment } from '../../functions/deps/deps-environment.js';
import type { TaskDeps } from '../../functions/kernel/task-deps.js';
import { MissingConfigurationError } from '../errors.js';
import { cliClock } from '../io/cli-io.js';
import type { IoHost } from '../io/io-host.js';
import { translateAwsError } from './aws-errors.js';
import { requireRemediationStateMachine, type BraidConfig } from './braid-config.js';

/** Braid's table and state machines, reached through real SDK v3 clients. */
export interface BraidContext {
  readonly config: BraidConfig;
  /**
   * What Braid's functions use, from the same dependency factory as the Lambda entry points:
   * the table (one adapter per record kind), Lambda, CloudWatch and Step Functions, each client
   * made when first used.
   */
  readonly deps: TaskDeps;
  readonly sfn: SFNClient;
  /** What the command stamps its writes with. */
  readonly clock: Clock;
  /** ULIDs for operations and audit records, on `clock`. */
  readonly newId: () => string;
  /** Runs `body` with what the remediation braid's functions need (`requestRepair`); needs the remediation state machine's ARN. */
  withRemediationDeps<T>(body: (deps: TaskDeps) => Promise<T>): Promise<T>;
}

/**
 * Opens clients for `config`, runs `body`, and closes them; AWS failures that mean the
 * configuration is wrong (no such table, no credentials, endpoint unreachable) become user errors.
 * @param clock what writes are stamped with @default the system clock
 */
export async function withBraidContext<T>(config: BraidConfig, body: (context: BraidContext) => Promise<T>, clock: Clock = systemClock): Promise<T> {
  // Only what was given: the rest comes from the SDK's own chain (AWS_ENDPOINT_URL_<SERVICE>, AWS_REGION, profiles).
  const clientConfig = { ...(config.endpointUrl ? { endpoint: config.endpointUrl } : {}), ...(config.region ? { region: config.region } : {}) };
  const dynamodb = new DynamoDBClient(clientConfig);
  const sfn = new SFNClient(clientConfig);
  const newId = ulidGenerator(clock);
  // The deployed settings are read from the table; the defaults apply only if it has none.
  const environment = new DepsEnvironment({
    tableName: config.tableName,
    rolloutStateMachineArn: config.stateMachineArn,
    remediationStateMachineArn: config.remediationStateMachineArn,
    clock,
    newId,
    clientConfig,
    clients: { dynamodb, sfn },
  });
  const deps = allDeps(environment);
  const withRemediationDeps = async <R>(run: (remediationDeps: TaskDeps) => Promise<R>): Promise<R> => {
    requireRemediationStateMachine(config);
    return run(deps);
  };
  try {
    await sfn.config.region().catch(() => {
      throw new MissingConfigurationError([{ what: 'the AWS region', flag: '--region', env: 'AWS_REGION' }]);
    });
    return await body({ config, deps, sfn, clock, newId, withRemediationDeps });
  } catch (error) {
    throw translateAwsError(error, config);
  } finally {
    environment.destroy();
    dynamodb.destroy();
    sfn.destroy();
  }
}

/** Runs `body` with clients for `config`, stamping writes with the clock of the command's io (see {@link withBraidContext}). */
export function inBraid<T>(host: IoHost, config: BraidConfig, body: (context: BraidContext) => Promise<T>): Promise<T> {
  return withBraidContext(config, body, cliClock(host.io));
}
