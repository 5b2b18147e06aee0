import { AwsConfigurationError } from '../errors.js';
import type { BraidConfig } from './braid-config.js';

/**
 * Turns AWS failures that mean "the CLI points at the wrong place" into errors that say which
 * setting to fix; anything else is returned unchanged.
 */
export function translateAwsError(error: unknown, config: BraidConfig): unknown {
  if (!(error instanceof Error)) return error;
  const where = config.endpointUrl ?? `AWS${config.region ? ` (${config.region})` : ''}`;
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  if (error.name === 'ResourceNotFoundException') {
    return new AwsConfigurationError(
      `Braid's table "${config.tableName}" does not exist at ${where}: ${error.message}. Check --table / BRAID_TABLE_NAME and the region.`,
      { cause: error },
    );
  }
  if (error.name === 'StateMachineDoesNotExist' && config.remediationStateMachineArn && error.message.includes(config.remediationStateMachineArn)) {
    return new AwsConfigurationError(
      `The remediation state machine "${config.remediationStateMachineArn}" does not exist at ${where}. Check --remediation-state-machine-arn / BRAID_REMEDIATION_STATE_MACHINE_ARN.`,
      { cause: error },
    );
  }
  if (error.name === 'StateMachineDoesNotExist') {
    return new AwsConfigurationError(
      `The rollout state machine "${config.stateMachineArn}" does not exist at ${where}. Check --state-machine-arn / BRAID_ROLLOUT_STATE_MACHINE_ARN.`,
      { cause: error },
    );
  }
  if (error.name === 'CredentialsProviderError') {
    return new AwsConfigurationError(
      `No AWS credentials: ${error.message}. Set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the sandbox accepts any, e.g. "sandbox").`,
      { cause: error },
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AwsConfigurationError(
      `Cannot reach ${where} (${code}). Check --endpoint-url / AWS_ENDPOINT_URL; for the sandbox, is \`braid sandbox\` still running?`,
      { cause: error },
    );
  }
  return error;
}
