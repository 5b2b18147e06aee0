import { createHash } from 'node:crypto';
import type { Journal, MetricSink } from '../contracts.js';
import type { EmulatedService, SandboxRequest, SandboxResponse } from '../http/service.js';
import type { SeededRandom } from '../random.js';
import type { HoldableClock } from '../virtual-clock.js';
import { pickAliasVersion, validateAliasTarget } from './alias-routing.js';
import { functionArn, parseFunctionReference } from './function-arns.js';
import { publishInvocationMetrics } from './invocation-metrics.js';
import { lambdaErrors } from './lambda-errors.js';
import type { LambdaOperations } from './lambda-operations.js';
import { handleLambdaRequest, isLambdaRequest } from './lambda-rest-api.js';
import {
  DEFAULT_BEHAVIOUR,
  type AliasJournalDetail,
  type AliasUpdate,
  type AliasView,
  type CodeHandler,
  type FunctionSpec,
  type FunctionVersionView,
  type InvokeResult,
  type PublishOptions,
  type VersionBehaviour,
  type VersionWeights,
} from './model.js';
import { seededUuid } from './private/seeded-uuid.js';

/** What the Lambda emulator needs from the sandbox. */
export interface LambdaEmulatorOptions {
  /** Code functions hold its instant while their handler runs. */
  readonly clock: HoldableClock;
  /** Draws alias routing, simulated errors and latencies, and revision ids. */
  readonly random: SeededRandom;
  /** Receives the `AWS/Lambda` invocation metrics. */
  readonly metrics: MetricSink;
  /** Receives every mutation, with service `lambda`. */
  readonly journal: Journal;
}

interface FunctionState {
  latest: FunctionVersionView;
  readonly versions: Map<string, FunctionVersionView>;
  readonly aliases: Map<string, AliasView>;
  readonly handler?: CodeHandler;
  nextVersion: number;
  /** False once `$LATEST` has been published unchanged, so PublishVersion can return that version again. */
  changedSincePublish: boolean;
  reservedConcurrency?: number;
}

const LATEST = '$LATEST';
const ALIAS_NAME_PATTERN = /^(?!^[0-9]+$)([a-zA-Z0-9-_]{1,128})$/;

/**
 * The sandbox's Lambda: functions with `$LATEST`, published versions and weighted aliases, held
 * in memory and served over Lambda's REST-JSON protocol (what `@aws-sdk/client-lambda` and the
 * `aws` CLI send). Versions are either simulated (error rate and latency drawn from the seeded
 * dice, no real waiting) or code functions running an in-process handler. Every invocation
 * publishes `AWS/Lambda` metrics; every mutation is journaled.
 */
export class LambdaEmulator implements EmulatedService, LambdaOperations {
  readonly endpointId = 'LAMBDA';
  private readonly functions = new Map<string, FunctionState>();
  private readonly clock: HoldableClock;
  private readonly random: SeededRandom;
  private readonly metrics: MetricSink;
  private readonly journal: Journal;

  constructor(options: LambdaEmulatorOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.metrics = options.metrics;
    this.journal = options.journal;
  }

  accepts(request: SandboxRequest): boolean {
    return isLambdaRequest(request);
  }

  handle(request: SandboxRequest): Promise<SandboxResponse> {
    return handleLambdaRequest(this, request);
  }

  /** Creates a function with its `$LATEST` version; fails with 409 if the name is taken. */
  createFunction(spec: FunctionSpec): FunctionVersionView {
    const { name } = parseFunctionReference(spec.name);
    if (name !== spec.name) throw lambdaErrors.invalidParameter(`CreateFunction needs a plain function name, got ${spec.name}.`);
    if (this.functions.has(name)) throw lambdaErrors.conflict(`Function already exist: ${name}`);
    if (spec.behaviour) assertBehaviour(spec.behaviour);
    const latest = this.snapshot({
      functionName: name,
      functionArn: functionArn(name),
      version: LATEST,
      role: spec.role ?? `arn:aws:iam::000000000000:role/${name}-role`,
      runtime: spec.runtime ?? 'nodejs22.x',
      handlerName: spec.handlerName ?? 'index.handler',
      memorySize: spec.memorySize ?? 128,
      timeoutSeconds: spec.timeoutSeconds ?? 3,
      description: spec.description ?? '',
      ...(spec.deadLetterTargetArn === undefined ? {} : { deadLetterTargetArn: spec.deadLetterTargetArn }),
      behaviour: spec.behaviour ?? DEFAULT_BEHAVIOUR,
      isCode: spec.handler !== undefined,
    });
    this.functions.set(name, {
      latest,
      versions: new Map(),
      aliases: new Map(),
      ...(spec.handler === undefined ? {} : { handler: spec.handler }),
      nextVersion: 1,
      changedSincePublish: true,
    });
    this.journal.record({
      service: 'lambda',
      action: 'CreateFunction',
      detail: { functionName: name, version: LATEST, role: latest.role, deadLetterTargetArn: latest.deadLetterTargetArn ?? null },
    });
    return latest;
  }

  /**
   * Applies `options` to `$LATEST` (a deploy) and publishes it as the next version, always.
   * @returns the new version, e.g. `"2"`
   */
  publishVersion(functionName: string, options: PublishOptions = {}): string {
    const state = this.unqualified(functionName, 'PublishVersion');
    if (options.behaviour) assertBehaviour(options.behaviour);
    const { latest } = state;
    const changed: FunctionVersionView = {
      ...latest,
      behaviour: options.behaviour ?? latest.behaviour,
      role: options.role ?? latest.role,
      ...(options.deadLetterTargetArn === undefined ? {} : { deadLetterTargetArn: options.deadLetterTargetArn }),
    };
    if (options.behaviour || options.role || options.deadLetterTargetArn !== undefined) {
      state.latest = this.snapshot(changed);
    }
    return this.publish(state, options.description ?? '').version;
  }

  /**
   * Changes how a published version behaves from now on, with its code unchanged: the world
   * around it changed (a dependency slowed down, bad data arrived). Scenarios use it to make a
   * healthy version fail in production after its rollout.
   */
  changeBehaviour(functionName: string, version: string, behaviour: VersionBehaviour): void {
    assertBehaviour(behaviour);
    const state = this.unqualified(functionName, 'ChangeBehaviour');
    const current = this.version(state, version);
    state.versions.set(version, { ...current, behaviour });
    this.journal.record({
      service: 'scenario',
      action: 'ChangeBehaviour',
      detail: { functionName, version, errorRate: behaviour.errorRate, latencyMs: behaviour.latencyMs },
    });
  }

  /**
   * PublishVersion as the API does it: checks `revisionId` against `$LATEST`, and returns the
   * last version again when `$LATEST` has not changed since it was published.
   */
  publishVersionIfChanged(functionName: string, request: { description?: string; revisionId?: string }): FunctionVersionView {
    const state = this.unqualified(functionName, 'PublishVersion');
    if (request.revisionId !== undefined && request.revisionId !== state.latest.revisionId) {
      throw lambdaErrors.preconditionFailed('function', request.revisionId, state.latest.revisionId);
    }
    if (!state.changedSincePublish) {
      const last = state.versions.get(String(state.nextVersion - 1));
      if (last) return last;
    }
    return this.publish(state, request.description ?? '');
  }

  /** Creates an alias; 409 if it exists, 400/404 if its target breaks Lambda's routing rules. */
  createAlias(functionName: string, alias: string, functionVersion: string, routing: VersionWeights = {}, description = ''): AliasView {
    const state = this.unqualified(functionName, 'CreateAlias');
    const name = state.latest.functionName;
    assertAliasName(alias);
    if (state.aliases.has(alias)) throw lambdaErrors.conflict(`Alias already exists: ${functionArn(name, alias)}`);
    validateAliasTarget(name, state.versions, functionVersion, routing);
    const created: AliasView = {
      functionName: name,
      aliasArn: functionArn(name, alias),
      name: alias,
      functionVersion,
      additionalVersionWeights: { ...routing },
      description,
      revisionId: seededUuid(this.random),
    };
    state.aliases.set(alias, created);
    this.recordAlias('CreateAlias', created);
    return created;
  }

  /** Changes an alias; 412 when `update.revisionId` is stale, 400/404 for a bad target. */
  updateAlias(functionName: string, alias: string, update: AliasUpdate): AliasView {
    const current = this.getAlias(functionName, alias);
    const state = this.unqualified(functionName, 'UpdateAlias');
    if (update.revisionId !== undefined && update.revisionId !== current.revisionId) {
      throw lambdaErrors.preconditionFailed('alias', update.revisionId, current.revisionId);
    }
    const functionVersion = update.functionVersion ?? current.functionVersion;
    const weights = update.additionalVersionWeights ?? current.additionalVersionWeights;
    validateAliasTarget(current.functionName, state.versions, functionVersion, weights);
    const updated: AliasView = {
      ...current,
      functionVersion,
      additionalVersionWeights: { ...weights },
      description: update.description ?? current.description,
      revisionId: seededUuid(this.random),
    };
    state.aliases.set(alias, updated);
    this.recordAlias('UpdateAlias', updated, current.revisionId);
    return updated;
  }

  /** Deletes an alias; 404 if it does not exist. */
  deleteAlias(functionName: string, alias: string): void {
    const current = this.getAlias(functionName, alias);
    this.unqualified(functionName, 'DeleteAlias').aliases.delete(alias);
    const detail: AliasJournalDetail = {
      functionName: current.functionName,
      alias,
      functionVersion: null,
      additionalVersionWeights: {},
      revisionId: null,
      previousRevisionId: current.revisionId,
    };
    this.journal.record({ service: 'lambda', action: 'DeleteAlias', detail: { ...detail } });
  }

  /** One alias; 404 if the function or alias does not exist. */
  getAlias(functionName: string, alias: string): AliasView {
    const state = this.unqualified(functionName, 'GetAlias');
    const found = state.aliases.get(alias);
    if (!found) throw lambdaErrors.notFound('Alias', functionArn(state.latest.functionName, alias));
    return found;
  }

  /** The function's aliases by name, optionally only those whose primary is `functionVersion`. */
  listAliases(functionName: string, functionVersion?: string): AliasView[] {
    const aliases = [...this.unqualified(functionName, 'ListAliases').aliases.values()];
    return aliases.filter((alias) => functionVersion === undefined || alias.functionVersion === functionVersion).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The configuration a (possibly qualified) reference names: `$LATEST`, a version, or the
   * primary version of an alias; 404 if any part does not exist.
   */
  getFunctionVersion(reference: string, qualifier?: string): FunctionVersionView {
    const target = this.resolve(reference, qualifier);
    return target.alias ? this.version(target.state, target.alias.functionVersion) : this.version(target.state, target.qualifier);
  }

  /** `$LATEST` of every function, by name. */
  listFunctions(): FunctionVersionView[] {
    return [...this.functions.values()].map((state) => state.latest).sort((a, b) => a.functionName.localeCompare(b.functionName));
  }

  /** `$LATEST` followed by the published versions in order. */
  listVersions(functionName: string): FunctionVersionView[] {
    const state = this.unqualified(functionName, 'ListVersionsByFunction');
    return [state.latest, ...state.versions.values()];
  }

  /** Stores the function's reserved concurrency (not enforced on invocations). */
  putFunctionConcurrency(functionName: string, reservedConcurrentExecutions: number): number {
    if (!Number.isInteger(reservedConcurrentExecutions) || reservedConcurrentExecutions < 0) {
      throw lambdaErrors.invalidParameter(`ReservedConcurrentExecutions must be an integer >= 0, got ${String(reservedConcurrentExecutions)}.`);
    }
    const state = this.unqualified(functionName, 'PutFunctionConcurrency');
    state.reservedConcurrency = reservedConcurrentExecutions;
    this.journal.record({
      service: 'lambda',
      action: 'PutFunctionConcurrency',
      detail: { functionName: state.latest.functionName, reservedConcurrentExecutions },
    });
    return reservedConcurrentExecutions;
  }

  /** The reserved concurrency, or undefined when none is set. */
  getFunctionConcurrency(functionName: string): number | undefined {
    return this.unqualified(functionName, 'GetFunctionConcurrency').reservedConcurrency;
  }

  /** Removes the reserved concurrency. */
  deleteFunctionConcurrency(functionName: string): void {
    const state = this.unqualified(functionName, 'DeleteFunctionConcurrency');
    delete state.reservedConcurrency;
    this.journal.record({
      service: 'lambda',
      action: 'DeleteFunctionConcurrency',
      detail: { functionName: state.latest.functionName, reservedConcurrentExecutions: null },
    });
  }

  /**
   * Invokes a function synchronously (the code path of the HTTP Invoke too). Through an alias,
   * the version is drawn by weight. Simulated versions fail with their error rate and report a
   * drawn duration without waiting; code functions run their handler, a thrown error becoming
   * an `Unhandled` function error. Publishes the `AWS/Lambda` metrics.
   * @param reference name, `name:qualifier`, or ARN
   * @param qualifier a version or alias, when not part of `reference`
   */
  async invoke(reference: string, payload: unknown, qualifier?: string): Promise<InvokeResult> {
    const target = this.resolve(reference, qualifier);
    const executedVersion = target.alias ? pickAliasVersion(target.alias, this.random) : target.qualifier;
    const version = this.version(target.state, executedVersion);
    const startMs = this.clock.nowMs();
    // A JSON round trip, as on the wire: the handler cannot share objects with the caller.
    const event: unknown = JSON.parse(JSON.stringify(payload ?? null));
    const { handler } = target.state;
    // A handler in flight holds the instant, however it was invoked (an execution's task, an
    // EventBridge rule, the Invoke API): its work takes no virtual time, on any machine.
    const outcome = handler
      ? await this.clock.holding(`Lambda function ${version.functionName}`, () => runCode(handler, event, () => this.clock.nowMs() - startMs))
      : this.simulate(version);
    publishInvocationMetrics(this.metrics, {
      functionName: version.functionName,
      ...(target.explicitQualifier === undefined ? {} : { qualifier: target.explicitQualifier }),
      executedVersion,
      failed: outcome.failed,
      durationMs: outcome.durationMs,
      timestampMs: startMs,
    });
    return {
      statusCode: 200,
      executedVersion,
      ...(outcome.failed ? { functionError: 'Unhandled' as const } : {}),
      payload: outcome.payload,
      durationMs: outcome.durationMs,
    };
  }

  private simulate(version: FunctionVersionView): Outcome {
    const { errorRate, latencyMs } = version.behaviour;
    const failed = this.random.chance(errorRate);
    const durationMs = Math.max(1, Math.round(this.random.normal(latencyMs.mean, latencyMs.stdDev ?? 0)));
    const payload = failed
      ? {
          errorType: 'SimulatedError',
          errorMessage: `Simulated failure of ${version.functionName} version ${version.version} (errorRate ${errorRate})`,
        }
      : null;
    return { failed, durationMs, payload };
  }

  private publish(state: FunctionState, description: string): FunctionVersionView {
    const version = String(state.nextVersion);
    const name = state.latest.functionName;
    const published: FunctionVersionView = {
      ...state.latest,
      functionArn: functionArn(name, version),
      version,
      description,
      revisionId: seededUuid(this.random),
      lastModifiedMs: this.clock.nowMs(),
    };
    state.versions.set(version, published);
    state.nextVersion += 1;
    state.changedSincePublish = false;
    this.journal.record({
      service: 'lambda',
      action: 'PublishVersion',
      detail: {
        functionName: name,
        version,
        role: published.role,
        deadLetterTargetArn: published.deadLetterTargetArn ?? null,
        codeSha256: published.codeSha256,
      },
    });
    return published;
  }

  /** Stamps a new revision, code hash and modification time on a `$LATEST` configuration. */
  private snapshot(config: Omit<FunctionVersionView, 'codeSha256' | 'revisionId' | 'lastModifiedMs'>): FunctionVersionView {
    // The "code" of a simulated version is its behaviour; of a code function, its handler.
    const code = JSON.stringify({ behaviour: config.behaviour, isCode: config.isCode, handler: config.handlerName, runtime: config.runtime });
    const state = this.functions.get(config.functionName);
    if (state) state.changedSincePublish = true;
    return {
      ...config,
      codeSha256: createHash('sha256').update(code).digest('base64'),
      revisionId: seededUuid(this.random),
      lastModifiedMs: this.clock.nowMs(),
    };
  }

  private recordAlias(action: string, alias: AliasView, previousRevisionId?: string): void {
    const detail: AliasJournalDetail = {
      functionName: alias.functionName,
      alias: alias.name,
      functionVersion: alias.functionVersion,
      additionalVersionWeights: { ...alias.additionalVersionWeights },
      revisionId: alias.revisionId,
      ...(previousRevisionId === undefined ? {} : { previousRevisionId }),
    };
    this.journal.record({ service: 'lambda', action, detail: { ...detail } });
  }

  /** The state of a function named without a qualifier (as alias and version actions require). */
  private unqualified(reference: string, action: string): FunctionState {
    const { name, qualifier } = parseFunctionReference(reference);
    if (qualifier !== undefined) {
      throw lambdaErrors.invalidParameter(`${action} does not accept a qualified function name, got ${reference}. Pass the name without ':${qualifier}'.`);
    }
    return this.state(name);
  }

  private state(name: string): FunctionState {
    const state = this.functions.get(name);
    if (!state) throw lambdaErrors.notFound('Function', functionArn(name));
    return state;
  }

  private version(state: FunctionState, version: string): FunctionVersionView {
    if (version === LATEST) return state.latest;
    const found = state.versions.get(version);
    if (!found) throw lambdaErrors.notFound('Function', functionArn(state.latest.functionName, version));
    return found;
  }

  private resolve(reference: string, qualifier?: string): ResolvedTarget {
    const parsed = parseFunctionReference(reference);
    if (parsed.qualifier !== undefined && qualifier !== undefined && parsed.qualifier !== qualifier) {
      throw lambdaErrors.invalidParameter(
        `The derived qualifier from the function name (${parsed.qualifier}) does not match the specified qualifier (${qualifier}).`,
      );
    }
    const state = this.state(parsed.name);
    const explicitQualifier = parsed.qualifier ?? qualifier;
    const effective = explicitQualifier ?? LATEST;
    if (effective === LATEST || /^[0-9]+$/.test(effective)) {
      this.version(state, effective);
      return { state, qualifier: effective, explicitQualifier };
    }
    const alias = state.aliases.get(effective);
    if (!alias) throw lambdaErrors.notFound('Function', functionArn(parsed.name, effective));
    return { state, qualifier: effective, explicitQualifier, alias };
  }
}

interface ResolvedTarget {
  readonly state: FunctionState;
  /** `$LATEST`, a version, or an alias name. */
  readonly qualifier: string;
  /** The qualifier as the caller gave it (drives the `Resource` metric dimension). */
  readonly explicitQualifier: string | undefined;
  readonly alias?: AliasView;
}

interface Outcome {
  readonly failed: boolean;
  readonly durationMs: number;
  readonly payload: unknown;
}

async function runCode(handler: CodeHandler, event: unknown, elapsedMs: () => number): Promise<Outcome> {
  try {
    const result = await handler(event);
    return { failed: false, durationMs: Math.max(1, elapsedMs()), payload: JSON.parse(JSON.stringify(result ?? null)) };
  } catch (error) {
    const payload =
      error instanceof Error
        ? { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') }
        : { errorType: 'Error', errorMessage: String(error), trace: [] };
    return { failed: true, durationMs: Math.max(1, elapsedMs()), payload };
  }
}

function assertBehaviour(behaviour: VersionBehaviour): void {
  const { errorRate, latencyMs } = behaviour;
  if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1) {
    throw new RangeError(`VersionBehaviour.errorRate must be a number in [0, 1], got ${errorRate}.`);
  }
  if (!Number.isFinite(latencyMs.mean) || latencyMs.mean < 0 || !Number.isFinite(latencyMs.stdDev ?? 0) || (latencyMs.stdDev ?? 0) < 0) {
    throw new RangeError(
      `VersionBehaviour.latencyMs needs mean >= 0 and stdDev >= 0 (milliseconds), got mean ${latencyMs.mean}, stdDev ${String(latencyMs.stdDev)}.`,
    );
  }
}

function assertAliasName(alias: string): void {
  if (!ALIAS_NAME_PATTERN.test(alias)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${alias}' at 'name' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+) and have length 1 to 128',
    );
  }
}
