import { GetAliasCommand, GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { AliasSnapshot } from '../core/alias-state.js';

/** What preflight needs to know about a published version. */
export interface VersionFacts {
  readonly version: string;
  readonly role?: string;
  readonly deadLetterTargetArn?: string;
}

/** Reads aliases and versions from Lambda; changes nothing. */
export class AliasReader {
  constructor(private readonly client: LambdaClient) {}

  /** The alias's routing and revision. Throws Lambda's ResourceNotFoundException if it does not exist. */
  async readAlias(functionName: string, aliasName: string): Promise<AliasSnapshot> {
    const alias = await this.client.send(new GetAliasCommand({ FunctionName: functionName, Name: aliasName }));
    return {
      functionVersion: alias.FunctionVersion ?? '$LATEST',
      additionalVersionWeights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
      revisionId: alias.RevisionId ?? '',
    };
  }

  /** A published version's role and dead-letter target. */
  async readVersion(functionName: string, version: string): Promise<VersionFacts> {
    const config = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }));
    return { version: config.Version ?? version, role: config.Role, deadLetterTargetArn: config.DeadLetterConfig?.TargetArn };
  }

  /** The function's reserved concurrency, or undefined when none is set. */
  async readReservedConcurrency(functionName: string): Promise<number | undefined> {
    const result = await this.client.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
    return result.ReservedConcurrentExecutions;
  }
}
