import { InvalidConfigurationError, MissingConfigurationError, type MissingSetting } from '../errors.js';

/** The connection flags every command that talks to Braid accepts. */
export interface ConnectionFlags {
  readonly table?: string;
  readonly stateMachineArn?: string;
  readonly remediationStateMachineArn?: string;
  readonly endpointUrl?: string;
  readonly region?: string;
}

/** What a command needs besides the table. */
export interface ConfigNeeds {
  /** The rollout state machine. */
  readonly stateMachine: boolean;
  /** The remediation state machine. @default false */
  readonly remediationStateMachine?: boolean;
}

/** Where Braid lives: its table, its state machines, and how to reach AWS (or the sandbox). */
export interface BraidConfig {
  readonly tableName: string;
  /** Absent for commands that read only the table. */
  readonly stateMachineArn?: string;
  /** The remediation state machine; absent unless given (commands that need it say so, see {@link requireRemediationStateMachine}). */
  readonly remediationStateMachineArn?: string;
  /** @default - the SDK's own resolution (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then AWS) */
  readonly endpointUrl?: string;
  /** @default - the SDK's own resolution (`AWS_REGION`, the profile) */
  readonly region?: string;
}

const TABLE: MissingSetting = { what: "Braid's table name", flag: '--table', env: 'BRAID_TABLE_NAME' };
const STATE_MACHINE: MissingSetting = { what: "the rollout state machine's ARN", flag: '--state-machine-arn', env: 'BRAID_ROLLOUT_STATE_MACHINE_ARN' };
const REMEDIATION_STATE_MACHINE: MissingSetting = {
  what: "the remediation state machine's ARN",
  flag: '--remediation-state-machine-arn',
  env: 'BRAID_REMEDIATION_STATE_MACHINE_ARN',
};
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/**
 * Resolves the configuration from flags, then the environment; reports every missing or
 * malformed setting at once, before any AWS call.
 */
export function resolveBraidConfig(flags: ConnectionFlags, env: Readonly<Record<string, string | undefined>>, needs: ConfigNeeds): BraidConfig {
  const tableName = flags.table ?? nonEmpty(env.BRAID_TABLE_NAME);
  const stateMachineArn = needs.stateMachine ? (flags.stateMachineArn ?? nonEmpty(env.BRAID_ROLLOUT_STATE_MACHINE_ARN)) : undefined;
  // Read whenever given: `rollout status` needs it only once the operation turns out to be a remediation.
  const remediationStateMachineArn = flags.remediationStateMachineArn ?? nonEmpty(env.BRAID_REMEDIATION_STATE_MACHINE_ARN);
  const missing = [
    ...(tableName ? [] : [TABLE]),
    ...(needs.stateMachine && !stateMachineArn ? [STATE_MACHINE] : []),
    ...(needs.remediationStateMachine && !remediationStateMachineArn ? [REMEDIATION_STATE_MACHINE] : []),
  ];
  if (missing.length > 0 || !tableName) throw new MissingConfigurationError(missing);
  assertStateMachineArn('rollout', stateMachineArn, 'RolloutStateMachineArn');
  assertStateMachineArn('remediation', remediationStateMachineArn, 'RemediationStateMachineArn');
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new InvalidConfigurationError(`--endpoint-url "${flags.endpointUrl}" is not an http(s) URL such as http://127.0.0.1:4566.`);
  }
  return { tableName, stateMachineArn, remediationStateMachineArn, endpointUrl: flags.endpointUrl, region: flags.region };
}

/**
 * The remediation state machine's ARN, for a command that turns out to need it (e.g. the
 * status of an operation that is a remediation).
 * @throws MissingConfigurationError naming the flag and the variable when it was not given
 */
export function requireRemediationStateMachine(config: BraidConfig): string {
  if (!config.remediationStateMachineArn) throw new MissingConfigurationError([REMEDIATION_STATE_MACHINE]);
  return config.remediationStateMachineArn;
}

/**
 * The rollout state machine's ARN, for a command that turns out to need it.
 * @throws MissingConfigurationError naming the flag and the variable when it was not given
 */
export function requireRolloutStateMachine(config: BraidConfig): string {
  if (!config.stateMachineArn) throw new MissingConfigurationError([STATE_MACHINE]);
  return config.stateMachineArn;
}

function assertStateMachineArn(which: 'rollout' | 'remediation', arn: string | undefined, stackOutput: string): void {
  if (arn === undefined || STATE_MACHINE_ARN.test(arn)) return;
  throw new InvalidConfigurationError(
    `The ${which} state machine ARN "${arn}" is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>). Take it from the Braid stack's output ${stackOutput} or from \`braid sandbox\`.`,
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
