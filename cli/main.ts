import { Command, CommanderError } from 'commander';
import { InvalidInputError } from '../functions/core/errors.js';
import { sandboxCommand } from './commands/sandbox.js';
import { simulateCommand } from './commands/simulate.js';
import { EXIT } from './exit-codes.js';

/** Runs the `braid` command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('braid')
    .description('Safe changes to AWS Lambda services: gated, audited, reversible rollouts on Step Functions.')
    .showHelpAfterError()
    .exitOverride()
    .addCommand(simulateCommand())
    .addCommand(sandboxCommand());
  // Usage errors anywhere become exit code 2 instead of commander's process.exit(1).
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
    }
    if (error instanceof InvalidInputError) {
      const lines = error.issues.map((issue) => `  ${issue.path || '(file)'}: ${issue.message}`);
      process.stderr.write(`braid: invalid ${error.subject}; nothing was started.\n${lines.join('\n')}\n`);
      return EXIT.invalidInput;
    }
    process.stderr.write(`braid: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}
