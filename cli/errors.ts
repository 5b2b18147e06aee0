import { BraidError } from '../functions/core/errors.js';

/** One setting the CLI needs, with the flag and environment variable that give it. */
export interface MissingSetting {
  /** What the setting is, e.g. `the table name`. */
  readonly what: string;
  readonly flag: string;
  readonly env: string;
}

/** Base of the CLI's own errors. */
export abstract class CliError extends BraidError {}

/** The CLI does not know where Braid lives (table, state machine, region); nothing was sent. */
export class MissingConfigurationError extends CliError {
  readonly code = 'Braid.Cli.MissingConfiguration';
  readonly fault = 'user';

  constructor(readonly missing: readonly MissingSetting[]) {
    super(
      `Missing configuration: ${missing.map((setting) => `${setting.what} (set ${setting.flag} or ${setting.env})`).join('; ')}. ` +
        'For a local sandbox, `braid sandbox` prints every variable to export.',
    );
  }
}

/** A setting was given but cannot be right (a malformed ARN or URL). */
export class InvalidConfigurationError extends CliError {
  readonly code = 'Braid.Cli.InvalidConfiguration';
  readonly fault = 'user';
}

/** Neither an operation record nor an execution exists for the id. */
export class UnknownOperationError extends CliError {
  readonly code = 'Braid.Cli.UnknownOperation';
  readonly fault = 'user';

  constructor(
    readonly operationId: string,
    tableName: string,
  ) {
    super(
      `Operation ${operationId} is not known: table "${tableName}" has no record of it and the rollout state machine no execution. ` +
        "Check the id (`braid rollout list <target>` lists a target's operations) and that --table and --state-machine-arn point at the right Braid.",
    );
  }
}

/** AWS rejected the CLI's configuration: no such table or state machine, no credentials, endpoint unreachable. */
export class AwsConfigurationError extends CliError {
  readonly code = 'Braid.Cli.AwsConfiguration';
  readonly fault = 'user';
}
