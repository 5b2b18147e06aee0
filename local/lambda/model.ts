/**
 * The shapes of the Lambda emulator's in-memory state and programmatic API. The HTTP layer
 * maps them onto Lambda's wire shapes; the sandbox uses them directly to set up scenarios.
 */

/** How a simulated function version behaves when invoked: drawn from the sandbox's seeded dice. */
export interface VersionBehaviour {
  /** Probability in [0, 1] that an invocation fails with an unhandled error. */
  readonly errorRate: number;
  /** Invocation duration, drawn from a normal distribution and clamped to at least 1 ms. */
  readonly latencyMs: { readonly mean: number; readonly stdDev?: number };
}

/** The behaviour of functions created without one: always succeeds in about 100 ms. */
export const DEFAULT_BEHAVIOUR: VersionBehaviour = { errorRate: 0, latencyMs: { mean: 100, stdDev: 20 } };

/** In-process code run by a *code function* (Braid's own task Lambdas in the sandbox). */
export type CodeHandler = (event: unknown) => Promise<unknown>;

/** What `createFunction` needs; everything but the name has a default. */
export interface FunctionSpec {
  readonly name: string;
  /** @default - `arn:aws:iam::000000000000:role/<name>-role` */
  readonly role?: string;
  /** @default - no dead-letter queue */
  readonly deadLetterTargetArn?: string;
  /** Ignored for code functions. @default DEFAULT_BEHAVIOUR */
  readonly behaviour?: VersionBehaviour;
  /** Makes this a code function: every version runs this handler instead of a simulation. */
  readonly handler?: CodeHandler;
  /** The `Handler` setting shown in the configuration. @default 'index.handler' */
  readonly handlerName?: string;
  /** @default 'nodejs22.x' */
  readonly runtime?: string;
  /** @default 128 */
  readonly memorySize?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default '' */
  readonly description?: string;
}

/** Changes applied to `$LATEST` before it is snapshotted as a new version (a "deploy"). */
export interface PublishOptions {
  readonly behaviour?: VersionBehaviour;
  readonly role?: string;
  readonly deadLetterTargetArn?: string;
  readonly description?: string;
}

/** One version of a function (`$LATEST` or a published, immutable snapshot). */
export interface FunctionVersionView {
  readonly functionName: string;
  /** Qualified with the version for published versions, unqualified for `$LATEST`. */
  readonly functionArn: string;
  readonly version: string;
  readonly role: string;
  readonly runtime: string;
  readonly handlerName: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly description: string;
  readonly deadLetterTargetArn?: string;
  readonly behaviour: VersionBehaviour;
  /** True when invocations run an in-process handler rather than a simulation. */
  readonly isCode: boolean;
  readonly codeSha256: string;
  readonly revisionId: string;
  readonly lastModifiedMs: number;
}

/** Additional version → share of traffic in [0, 1] (at most one entry). */
export type VersionWeights = Readonly<Record<string, number>>;

/** One alias of a function. */
export interface AliasView {
  readonly functionName: string;
  readonly aliasArn: string;
  readonly name: string;
  readonly functionVersion: string;
  readonly additionalVersionWeights: VersionWeights;
  readonly description: string;
  /** A new UUID on every change; UpdateAlias with an older one fails with 412. */
  readonly revisionId: string;
}

/** Changes of an UpdateAlias; omitted fields keep their value, `{}` weights clear the routing. */
export interface AliasUpdate {
  readonly functionVersion?: string;
  readonly additionalVersionWeights?: VersionWeights;
  readonly description?: string;
  /** When given, must equal the alias's current revision id. */
  readonly revisionId?: string;
}

/** The outcome of one invocation, as Invoke reports it. */
export interface InvokeResult {
  /** 200 for a synchronous invocation, even when the function failed (as on AWS). */
  readonly statusCode: number;
  readonly executedVersion: string;
  readonly functionError?: 'Unhandled';
  /** The function's result, or `{ errorType, errorMessage }` when it failed. */
  readonly payload: unknown;
  /** Duration reported in the `Duration` metric. */
  readonly durationMs: number;
}

/**
 * The `detail` of the journal entries written for alias changes (CreateAlias, UpdateAlias,
 * DeleteAlias): the alias's resulting state, read by the sandbox's invariant checks.
 * After DeleteAlias, `functionVersion` is null and the weights are empty.
 */
export interface AliasJournalDetail {
  readonly functionName: string;
  readonly alias: string;
  readonly functionVersion: string | null;
  readonly additionalVersionWeights: VersionWeights;
  readonly revisionId: string | null;
  /** The revision id the change replaced (absent for CreateAlias). */
  readonly previousRevisionId?: string;
}
