import { InvalidConfigurationError, MissingConfigurationError, type MissingSetting } from '../errors.js';

/** The connection flags every command that talks to Braid accepts. */
export interface ConnectionFlags {
  readonly table?: string;
  readonly stateMachineArn?: string;
  readonly endpointUrl?: string;
  readonly region?: string;
}

/** Where Braid lives: its table, its rollout state machine, and how to reach AWS (or the sandbox). */
export interface BraidConfig {
  readonly tableName: string;
  /** Absent for commands that read only the table. */
  readonly stateMachineArn?: string;
  /** @default - the SDK's own resolution (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then AWS) */
  readonly endpointUrl?: string;
  /** @default - the SDK's own resolution (`AWS_REGION`, the profile) */
  readonly region?: string;
}

const TABLE: MissingSetting = { what: "Braid's table name", flag: '--table', env: 'BRAID_TABLE_NAME' };
const STATE_MACHINE: MissingSetting = { what: "the rollout state machine's ARN", flag: '--state-machine-arn', env: 'BRAID_ROLLOUT_STATE_MACHINE_ARN' };
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/**
 * Resolves the configuration from flags, then the environment; reports every missing or
 * malformed setting at once, before any AWS call.
 */
export function resolveBraidConfig(flags: ConnectionFlags, env: Readonly<Record<string, string | undefined>>, needs: { stateMachine: boolean }): BraidConfig {
  const tableName = flags.table ?? nonEmpty(env.BRAID_TABLE_NAME);
  const stateMachineArn = needs.stateMachine ? (flags.stateMachineArn ?? nonEmpty(env.BRAID_ROLLOUT_STATE_MACHINE_ARN)) : undefined;
  const missing = [...(tableName ? [] : [TABLE]), ...(needs.stateMachine && !stateMachineArn ? [STATE_MACHINE] : [])];
  if (missing.length > 0 || !tableName) throw new MissingConfigurationError(missing);
  if (stateMachineArn !== undefined && !STATE_MACHINE_ARN.test(stateMachineArn)) {
    throw new InvalidConfigurationError(
      `The rollout state machine ARN "${stateMachineArn}" is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>). Take it from the stack output RolloutStateMachineArn or from \`braid sandbox\`.`,
    );
  }
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new InvalidConfigurationError(`--endpoint-url "${flags.endpointUrl}" is not an http(s) URL such as http://127.0.0.1:4566.`);
  }
  return { tableName, stateMachineArn, endpointUrl: flags.endpointUrl, region: flags.region };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
