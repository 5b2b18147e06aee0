import { startSandbox } from '../../local/sandbox.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import { setUpScenario } from '../../local/simulation/setup-scenario.js';
import type { IoHost } from '../io/io-host.js';

/** The flags of `braid sandbox`. */
export interface SandboxFlags {
  readonly port?: number;
  readonly seed: number;
  readonly scenario?: string;
}

/**
 * What `braid sandbox` does once its flags (and scenario) are valid: start the sandbox, build
 * the scenario's world, print the environment to export, and run until SIGINT or SIGTERM.
 */
export async function sandboxAction(host: IoHost, flags: SandboxFlags, scenario: Scenario | undefined): Promise<void> {
  host.info('SANDBOX.PROGRESS', 'starting the sandbox');
  // Virtual time starts at the wall clock, so deadlines the CLI checks (approval timeouts) agree with it.
  const sandbox = await startSandbox({ port: flags.port, seed: scenario?.seed ?? flags.seed, startMs: Date.now() });
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
}
