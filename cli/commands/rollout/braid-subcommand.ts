import { Command } from 'commander';
import { resolveBraidConfig, type BraidConfig, type ConfigNeeds, type ConnectionFlags } from '../../context/braid-config.js';
import type { IoHost } from '../../io/io-host.js';

/** Flags every subcommand that talks to Braid has. */
export interface CommonFlags extends ConnectionFlags {
  readonly json?: boolean;
}

/**
 * Declares a subcommand with the flags shared by every command that talks to Braid (where it
 * lives, `--json`), declared here once so they read the same everywhere.
 */
export function braidSubcommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option('--json', 'print one JSON document on stdout instead of the human view')
    .option('--table <name>', "Braid's DynamoDB table (default: env BRAID_TABLE_NAME)")
    .option('--state-machine-arn <arn>', 'the rollout state machine (default: env BRAID_ROLLOUT_STATE_MACHINE_ARN)')
    .option('--remediation-state-machine-arn <arn>', 'the remediation state machine, for repairs (default: env BRAID_REMEDIATION_STATE_MACHINE_ARN)')
    .option('--endpoint-url <url>', "one endpoint for every AWS service, e.g. the sandbox's (default: the SDK's AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL)")
    .option('--region <region>', "AWS region (default: the SDK's AWS_REGION or profile)");
}

/**
 * Where Braid lives, from the flags and the environment; a missing or malformed setting exits 2
 * here, before the command loads its AWS clients.
 */
export function braidConfig(host: IoHost, flags: CommonFlags, needs: ConfigNeeds): BraidConfig {
  return resolveBraidConfig(flags, host.io.env, needs);
}
