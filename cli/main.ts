import { Command, CommanderError } from 'commander';
import { BraidError, describeIssue, InvalidInputError } from '../functions/core/errors.js';
import { breakerCommand } from './commands/breaker.js';
import { killSwitchCommand } from './commands/killswitch.js';
import { repairCommand } from './commands/repair.js';
import { rolloutCommand } from './commands/rollout.js';
import { operatorCommand } from './commands/rollout/operate.js';
import { sandboxCommand } from './commands/sandbox.js';
import { simulateCommand } from './commands/simulate.js';
import { EXIT } from './exit-codes.js';
import { processIo, type CliIo } from './io/cli-io.js';
import { IoHost } from './io/io-host.js';

/**
 * Runs the `braid` command line; resolves to the exit code.
 * @param argv as `process.argv`: the node binary and the script first, then the arguments
 * @param io where output goes and which environment is read @default - the process's
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const host = new IoHost(io);
  const program = new Command('braid')
    .description('Safe changes to AWS Lambda services: gated, audited, reversible rollouts and repairs on Step Functions.')
    .addCommand(operatorCommand(host, 'approve'))
    .addCommand(operatorCommand(host, 'reject'))
    .addCommand(repairCommand(host))
    .addCommand(killSwitchCommand(host))
    .addCommand(breakerCommand(host))
    .addCommand(simulateCommand(host))
    .addCommand(sandboxCommand(host))
    .addCommand(rolloutCommand(host));
  configure(program, io);
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, host);
  }
}

/**
 * Settings commander does not pass on to commands added with addCommand: usage errors throw
 * (exit code 2 instead of commander's process.exit(1)) and help and errors go through `io`.
 */
function configure(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  for (const sub of command.commands) configure(sub, io);
}

function reportError(error: unknown, host: IoHost): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  if (error instanceof InvalidInputError) {
    const lines = error.issues.map((issue) => `  ${describeIssue(issue, '(file)')}`);
    host.notify({ code: 'CLI.ERROR', level: 'error', message: `braid: invalid ${error.subject}; nothing was started.\n${lines.join('\n')}` });
    return EXIT.invalidInput;
  }
  if (error instanceof BraidError && error.fault === 'user') {
    host.notify({ code: 'CLI.ERROR', level: 'error', message: `braid: ${error.message}` });
    return EXIT.invalidInput;
  }
  host.notify({
    code: 'CLI.ERROR',
    level: 'error',
    message: `braid: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  });
  return EXIT.internal;
}
