import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AlarmReader } from '../../adapters/alarm-reader.js';
import { AliasReader } from '../../adapters/alias-reader.js';
import { BraidTable } from '../../adapters/braid-table.js';
import { HoldTable } from '../../adapters/hold-table.js';
import { VersionTelemetryReader } from '../../adapters/version-telemetry.js';
import { TaskCallbacks } from '../../adapters/task-callbacks.js';
import { RolloutStarter } from '../../adapters/rollout-starter.js';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../../core/clock.js';
import { ulidGenerator } from '../../core/ids.js';
import type { TaskDeps } from '../../rollout/task-deps.js';
import { RemediationStarter } from '../../adapters/remediation-starter.js';
import { RemediationTable } from '../../adapters/remediation-table.js';
import { DEFAULT_REMEDIATION_SETTINGS, type RemediationDeps } from '../../remediation/remediation-deps.js';

/**
 * Builds a task's dependencies from the Lambda environment: `BRAID_TABLE_NAME` and the SDK's
 * own configuration (region, credentials, `AWS_ENDPOINT_URL_<SERVICE>`).
 */
export function depsFromEnvironment(env: NodeJS.ProcessEnv = process.env): TaskDeps {
  const tableName = env.BRAID_TABLE_NAME;
  if (!tableName) throw new Error('BRAID_TABLE_NAME is not set; the Braid construct sets it on every task function.');
  const cloudwatch = new CloudWatchClient({});
  const dynamodb = new DynamoDBClient({});
  return {
    table: new BraidTable(dynamodb, tableName),
    holds: new HoldTable(dynamodb, tableName),
    aliases: new AliasReader(new LambdaClient({})),
    alarms: new AlarmReader(cloudwatch),
    telemetry: new VersionTelemetryReader(cloudwatch),
    callbacks: new TaskCallbacks(new SFNClient({})),
    clock: systemClock,
    newId: ulidGenerator(systemClock),
  };
}

/** Starts rollouts on the state machine named by `BRAID_ROLLOUT_STATE_MACHINE_ARN`. */
export function starterFromEnvironment(env: NodeJS.ProcessEnv = process.env): RolloutStarter {
  const arn = env.BRAID_ROLLOUT_STATE_MACHINE_ARN;
  if (!arn) throw new Error('BRAID_ROLLOUT_STATE_MACHINE_ARN is not set; the RolloutOnDeploy construct sets it.');
  return new RolloutStarter(new SFNClient({}), arn);
}

/**
 * Builds a remediation task's dependencies from the Lambda environment: the rollout tasks'
 * ones, plus `BRAID_REMEDIATION_STATE_MACHINE_ARN` (the detector starts executions there). The
 * global repair rate limit is read from the table's settings item.
 */
export function remediationDepsFromEnvironment(env: NodeJS.ProcessEnv = process.env): RemediationDeps {
  const base = depsFromEnvironment(env);
  return {
    ...base,
    remediation: new RemediationTable(new DynamoDBClient({}), base.table.tableName),
    // Only the detector starts executions; the state machine's own tasks never read this.
    starter: new RemediationStarter(new SFNClient({}), env.BRAID_REMEDIATION_STATE_MACHINE_ARN ?? ''),
    settings: DEFAULT_REMEDIATION_SETTINGS,
  };
}
