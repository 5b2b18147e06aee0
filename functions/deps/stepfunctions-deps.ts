import { SFNClient } from '@aws-sdk/client-sfn';
import { RemediationStarter } from '../adapters/remediation-starter.js';
import { RolloutStarter } from '../adapters/rollout-starter.js';
import { TaskCallbacks } from '../adapters/task-callbacks.js';
import type { StepFunctionsDeps } from '../kernel/task-deps.js';
import { depsGroup } from './deps-group.js';

/** What Braid asks of Step Functions, on one client: resume waiting executions, start braids. */
export const stepFunctionsDeps = depsGroup<StepFunctionsDeps>((env) => {
  const client = () => env.client('sfn', (config) => new SFNClient(config));
  return {
    callbacks: () => new TaskCallbacks(client()),
    rolloutStarter: () => new RolloutStarter(client(), env.stateMachineArn('rollout')),
    remediationStarter: () => new RemediationStarter(client(), env.stateMachineArn('remediation')),
  };
});
