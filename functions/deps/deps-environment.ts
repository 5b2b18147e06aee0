import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Clock } from '../core/clock.js';
import type { BaseDeps } from '../kernel/task-deps.js';
import { DEFAULT_REMEDIATION_SETTINGS, type RemediationSettings } from '../schema/settings-item.js';

/** The SDK client of each AWS service Braid's tasks call. */
export interface ServiceClients {
  readonly dynamodb: DynamoDBClient;
  readonly lambda: LambdaClient;
  readonly cloudwatch: CloudWatchClient;
  readonly sfn: SFNClient;
}

/** How the clients an environment makes are configured; what is left out comes from the SDK's own chain (`AWS_REGION`, `AWS_ENDPOINT_URL_<SERVICE>`, profiles). */
export interface ClientConfig {
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Where Braid's dependencies point, and what they share. */
export interface DepsOptions {
  /** Braid's table. */
  readonly tableName: string;
  /** @default - none: starting a rollout fails with `missing('rollout state machine')` */
  readonly rolloutStateMachineArn?: string;
  /** @default - none: starting a remediation fails with `missing('remediation state machine')` */
  readonly remediationStateMachineArn?: string;
  readonly clock: Clock;
  readonly newId: () => string;
  /** @default DEFAULT_REMEDIATION_SETTINGS */
  readonly defaultSettings?: RemediationSettings;
  /** @default - the SDK's own configuration */
  readonly clientConfig?: ClientConfig;
  /** Clients to use as they are; the caller owns (and destroys) them. @default - each made on first use */
  readonly clients?: Partial<ServiceClients>;
  /** The error for a state machine ARN that is needed but was not given. @default - an Error naming it */
  readonly missing?: (what: 'rollout state machine' | 'remediation state machine') => Error;
}

/**
 * The shared ground of one set of dependencies: each service's client is made on first use
 * (by the group that needs it) and kept, so a task that never calls a service never constructs
 * its client.
 */
export class DepsEnvironment {
  private readonly madeClients = new Map<keyof ServiceClients, { destroy(): void }>();

  constructor(readonly options: DepsOptions) {}

  /** Braid's table. */
  get tableName(): string {
    return this.options.tableName;
  }

  /** The service's client: the one given, or one `make` builds on first use. */
  client<S extends keyof ServiceClients>(service: S, make: (config: ClientConfig) => ServiceClients[S]): ServiceClients[S] {
    const given = this.options.clients?.[service];
    if (given) return given as ServiceClients[S];
    let client = this.madeClients.get(service) as ServiceClients[S] | undefined;
    if (!client) {
      client = make(this.options.clientConfig ?? {});
      this.madeClients.set(service, client);
    }
    return client;
  }

  /** A state machine's ARN; fails when it was not given. */
  stateMachineArn(which: 'rollout' | 'remediation'): string {
    const arn = which === 'rollout' ? this.options.rolloutStateMachineArn : this.options.remediationStateMachineArn;
    if (arn) return arn;
    const what = `${which} state machine` as const;
    throw this.options.missing?.(what) ?? new Error(`The ${what}'s ARN is not configured.`);
  }

  /** The dependencies every task has without a client. */
  base(): BaseDeps {
    return { clock: this.options.clock, newId: this.options.newId, defaultSettings: this.options.defaultSettings ?? DEFAULT_REMEDIATION_SETTINGS };
  }

  /** Destroys the clients this environment made (not the ones it was given). */
  destroy(): void {
    for (const client of this.madeClients.values()) client.destroy();
    this.madeClients.clear();
  }
}
