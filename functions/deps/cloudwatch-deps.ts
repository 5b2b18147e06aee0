import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AlarmReader } from '../adapters/alarm-reader.js';
import { VersionTelemetryReader } from '../adapters/version-telemetry.js';
import type { CloudWatchDeps } from '../kernel/task-deps.js';
import { depsGroup } from './deps-group.js';

/** What Braid reads from CloudWatch, on one CloudWatch client. */
export const cloudwatchDeps = depsGroup<CloudWatchDeps>((env) => {
  const client = () => env.client('cloudwatch', (config) => new CloudWatchClient(config));
  return {
    alarms: () => new AlarmReader(client()),
    telemetry: () => new VersionTelemetryReader(client()),
  };
});
