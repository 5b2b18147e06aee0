import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AlarmReader } from '../../functions/adapters/alarm-reader.js';
import { AliasReader } from '../../functions/adapters/alias-reader.js';
import { BraidTable } from '../../functions/adapters/braid-table.js';
import { HoldTable } from '../../functions/adapters/hold-table.js';
import { RemediationStarter } from '../../functions/adapters/remediation-starter.js';
import { RemediationTable } from '../../functions/adapters/remediation-table.js';
import { TaskCallbacks } from '../../functions/adapters/task-callbacks.js';
import { VersionTelemetryReader } from '../../functions/adapters/version-telemetry.js';
import { systemClock, type Clock } from '../../functions/core/clock.js';
import { ulidGenerator } from '../../functions/core/ids.js';
import { DEFAULT_REMEDIATION_SETTINGS, type RemediationDeps } from '../../functions/remediation/remediation-deps.js';
import { MissingConfigurationError } from '../errors.js';
import { cliClock } from '../io/cli-io.js';
import type { IoHost } from '../io/io-host.js';
import { translateAwsError } from './aws-errors.js';
import { requireRemediationStateMachine, type BraidConfig } from './braid-config.js';

/** Braid's table and state machines, reached through real SDK v3 clients. */
export interface BraidContext {
  readonly config: BraidConfig;
  readonly table: BraidTable;
  /** What operations wait on people for. */
  readonly holds: HoldTable;
  /** The remediation braid's controls (kill switches, breakers) in the same table. */
  readonly remediation: RemediationTable;
  readonly sfn: SFNClient;
  /** What the command stamps its writes with. */
  readonly clock: Clock;
  /** ULIDs for operations and audit records, on `clock`. */
  readonly newId: () => string;
  /**
   * Runs `body` with what the remediation braid's functions need (`requestRepair`), Lambda and
   * CloudWatch clients included; needs the remediation state machine's ARN.
   */
  withRemediationDeps<T>(body: (deps: RemediationDeps) => Promise<T>): Promise<T>;
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
  const table = new BraidTable(dynamodb, config.tableName);
  const holds = new HoldTable(dynamodb, config.tableName);
  const newId = ulidGenerator(clock);
  const remediation = new RemediationTable(dynamodb, config.tableName);
  const withRemediationDeps = async <R>(run: (deps: RemediationDeps) => Promise<R>): Promise<R> => {
    const stateMachineArn = requireRemediationStateMachine(config);
    const lambda = new LambdaClient(clientConfig);
    const cloudwatch = new CloudWatchClient(clientConfig);
    try {
      return await run({
        table,
        holds,
        remediation,
        aliases: new AliasReader(lambda),
        alarms: new AlarmReader(cloudwatch),
        telemetry: new VersionTelemetryReader(cloudwatch),
        callbacks: new TaskCallbacks(sfn),
        starter: new RemediationStarter(sfn, stateMachineArn),
        // The deployed settings are read from the table; these apply only if it has none.
        settings: DEFAULT_REMEDIATION_SETTINGS,
        clock,
        newId,
      });
    } finally {
      lambda.destroy();
      cloudwatch.destroy();
    }
  };
  try {
    await sfn.config.region().catch(() => {
      throw new MissingConfigurationError([{ what: 'the AWS region', flag: '--region', env: 'AWS_REGION' }]);
    });
    return await body({ config, table, holds, remediation, sfn, clock, newId, withRemediationDeps });
  } catch (error) {
    throw translateAwsError(error, config);
  } finally {
    dynamodb.destroy();
    sfn.destroy();
  }
}

/** Runs `body` with clients for `config`, stamping writes with the clock of the command's io (see {@link withBraidContext}). */
export function inBraid<T>(host: IoHost, config: BraidConfig, body: (context: BraidContext) => Promise<T>): Promise<T> {
  return withBraidContext(config, body, cliClock(host.io));
}
