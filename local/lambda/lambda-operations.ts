import type { AliasUpdate, AliasView, FunctionSpec, FunctionVersionView, InvokeResult, VersionWeights } from './model.js';

/**
 * The Lambda API operations the REST-JSON layer serves, as the emulator implements them. The
 * REST layer depends on this interface rather than on `LambdaEmulator`, which serves requests
 * through the REST layer: naming the class there would make the two modules import each other.
 */
export interface LambdaOperations {
  /** CreateFunction: a function with its `$LATEST` version. */
  createFunction(spec: FunctionSpec): FunctionVersionView;
  /** PublishVersion: a new version, or the last one again when `$LATEST` has not changed. */
  publishVersionIfChanged(functionName: string, request: { description?: string; revisionId?: string }): FunctionVersionView;
  /** CreateAlias. */
  createAlias(functionName: string, alias: string, functionVersion: string, routing?: VersionWeights, description?: string): AliasView;
  /** UpdateAlias, checked against `RevisionId` when given. */
  updateAlias(functionName: string, alias: string, update: AliasUpdate): AliasView;
  /** DeleteAlias. */
  deleteAlias(functionName: string, alias: string): void;
  /** GetAlias. */
  getAlias(functionName: string, alias: string): AliasView;
  /** ListAliases, optionally of one version. */
  listAliases(functionName: string, functionVersion?: string): AliasView[];
  /** GetFunction and GetFunctionConfiguration: one version by name, ARN or qualifier. */
  getFunctionVersion(reference: string, qualifier?: string): FunctionVersionView;
  /** ListFunctions: every function's `$LATEST`. */
  listFunctions(): FunctionVersionView[];
  /** ListVersionsByFunction. */
  listVersions(functionName: string): FunctionVersionView[];
  /** PutFunctionConcurrency; returns the reserved concurrency set. */
  putFunctionConcurrency(functionName: string, reservedConcurrentExecutions: number): number;
  /** GetFunctionConcurrency; undefined when none is reserved. */
  getFunctionConcurrency(functionName: string): number | undefined;
  /** DeleteFunctionConcurrency. */
  deleteFunctionConcurrency(functionName: string): void;
  /** Invoke (RequestResponse or Event). */
  invoke(reference: string, payload: unknown, qualifier?: string): Promise<InvokeResult>;
}
