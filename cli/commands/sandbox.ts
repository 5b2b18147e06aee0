import { Command, InvalidArgumentError } from 'commander';
import type { SandboxFlags } from '../actions/sandbox.js';
import type { IoHost } from '../io/io-host.js';

/** `braid sandbox`: keeps a sandbox running for the AWS CLI or SDK programs to use. */
export function sandboxCommand(host: IoHost): Command {
  return new Command('sandbox')
    .description('Run the sandbox (Lambda, CloudWatch, EventBridge, Step Functions and DynamoDB Local on one loopback endpoint) until interrupted.')
    .option('--port <port>', 'port of the endpoint (default: a free one)', parsePort)
    .option('--seed <seed>', 'seed for traffic, errors, ids', parseSeed, 1)
    .option('--scenario <file>', "build a scenario's world (functions, aliases, alarms, registry, traffic) without starting its rollouts")
    .action(async (flags: SandboxFlags) => {
      // An invalid scenario exits 2 before anything starts.
      const scenario = flags.scenario === undefined ? undefined : await (await import('../../local/scenario/load-scenario.js')).loadScenario(flags.scenario);
      const { sandboxAction } = await import('../actions/sandbox.js');
      await sandboxAction(host, flags, scenario);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new InvalidArgumentError(`must be a port number from 1 to 65535, got "${value}"`);
  return port;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new InvalidArgumentError(`must be a whole number >= 0, got "${value}"`);
  return seed;
}
