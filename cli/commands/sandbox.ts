import { Command, InvalidArgumentError } from 'commander';
import { startSandbox } from '../../local/sandbox.js';
import { loadScenario } from '../../local/scenario/load-scenario.js';
import { setUpScenario } from '../../local/simulation/setup-scenario.js';
import type { IoHost } from '../io/io-host.js';

/** `braid sandbox`: keeps a sandbox running for the AWS CLI or SDK programs to use. */
export function sandboxCommand(host: IoHost): Command {
  return new Command('sandbox')
    .description('Run the sandbox (Lambda, CloudWatch, EventBridge, Step Functions and DynamoDB Local on one loopback endpoint) until interrupted.')
    .option('--port <port>', 'port of the endpoint (default: a free one)', parsePort)
    .option('--seed <seed>', 'seed for traffic, errors, ids', parseSeed, 1)
    .option('--scenario <file>', "build a scenario's world (functions, aliases, alarms, registry, traffic) without starting its rollouts")
    .action(async (options: { port?: number; seed: number; scenario?: string }) => {
      const scenario = options.scenario ? await loadScenario(options.scenario) : undefined;
      host.info('SANDBOX.PROGRESS', 'starting the sandbox');
      // Virtual time starts at the wall clock, so deadlines the CLI checks (approval timeouts) agree with it.
      const sandbox = await startSandbox({ port: options.port, seed: scenario?.seed ?? options.seed, startMs: Date.now() });
      if (scenario) {
        await setUpScenario(sandbox, scenario);
        await sandbox.clock.sleep(scenario.warmupSeconds * 1000);
        host.info('SANDBOX.PROGRESS', `scenario ${scenario.name} set up; start its rollouts with braid rollout start <target> <version>`);
      }
      const exports = Object.entries(sandbox.environment()).map(([key, value]) => `export ${key}=${value}`);
      host.result(exports.join('\n'));
      host.info(
        'SANDBOX.PROGRESS',
        `sandbox ready at ${sandbox.endpoint}; e.g. aws --endpoint-url ${sandbox.endpoint} stepfunctions list-state-machines. Ctrl-C stops it.`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.close();
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
