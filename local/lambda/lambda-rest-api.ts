import { SANDBOX_ACCOUNT, SANDBOX_REGION } from '../contracts.js';
import { parseJsonBody, restJsonErrorResponse, toAwsError } from '../http/protocol.js';
import { AwsServiceError, type SandboxRequest, type SandboxResponse } from '../http/service.js';
import { functionArn } from './function-arns.js';
import { lambdaErrors } from './lambda-errors.js';
import type { LambdaOperations } from './lambda-operations.js';
import type { AliasView, FunctionVersionView, VersionWeights } from './model.js';

type Body = Record<string, unknown>;
type Handler = (emulator: LambdaOperations, params: readonly string[], request: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

interface Route {
  readonly method: string;
  readonly path: RegExp;
  readonly run: Handler;
}

const FN = '([^/]+)';

// Lambda's REST routes as @aws-sdk/client-lambda sends them (note the concurrency actions'
// own API dates).
const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/2015-03-31\/functions\/?$/, run: createFunction },
  { method: 'GET', path: /^\/2015-03-31\/functions\/?$/, run: listFunctions },
  { method: 'GET', path: route(`/2015-03-31/functions/${FN}`), run: getFunction },
  { method: 'GET', path: route(`/2015-03-31/functions/${FN}/configuration`), run: getFunctionConfiguration },
  { method: 'POST', path: route(`/2015-03-31/functions/${FN}/versions`), run: publishVersion },
  { method: 'GET', path: route(`/2015-03-31/functions/${FN}/versions`), run: listVersionsByFunction },
  { method: 'POST', path: route(`/2015-03-31/functions/${FN}/aliases`), run: createAlias },
  { method: 'GET', path: route(`/2015-03-31/functions/${FN}/aliases`), run: listAliases },
  { method: 'GET', path: route(`/2015-03-31/functions/${FN}/aliases/${FN}`), run: getAlias },
  { method: 'PUT', path: route(`/2015-03-31/functions/${FN}/aliases/${FN}`), run: updateAlias },
  { method: 'DELETE', path: route(`/2015-03-31/functions/${FN}/aliases/${FN}`), run: deleteAlias },
  { method: 'POST', path: route(`/2015-03-31/functions/${FN}/invocations`), run: invoke },
  { method: 'PUT', path: route(`/2017-10-31/functions/${FN}/concurrency`), run: putFunctionConcurrency },
  { method: 'GET', path: route(`/2019-09-30/functions/${FN}/concurrency`), run: getFunctionConcurrency },
  { method: 'DELETE', path: route(`/2017-10-31/functions/${FN}/concurrency`), run: deleteFunctionConcurrency },
];

/** True for Lambda's function routes (`/<api date>/functions...`). */
export function isLambdaRequest(request: SandboxRequest): boolean {
  return /^\/\d{4}-\d{2}-\d{2}\/functions(\/|$)/.test(request.path);
}

/**
 * Serves one REST-JSON Lambda request against the emulator, answering errors in Lambda's
 * shape (`x-amzn-errortype` plus `{Type, message}`).
 */
export async function handleLambdaRequest(emulator: LambdaOperations, request: SandboxRequest): Promise<SandboxResponse> {
  try {
    for (const candidate of ROUTES) {
      if (candidate.method !== request.method) continue;
      const match = candidate.path.exec(request.path);
      if (match) return await candidate.run(emulator, match.slice(1), request);
    }
    throw new AwsServiceError('UnknownOperationException', `The sandbox's Lambda emulator does not implement ${request.method} ${request.path}.`, 404);
  } catch (error) {
    return restJsonErrorResponse(toAwsError(error));
  }
}

function route(template: string): RegExp {
  return new RegExp(`^${template}/?$`);
}

function json(body: unknown, status = 200): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function noContent(): SandboxResponse {
  return { status: 204, headers: {} };
}

function param(params: readonly string[], index: number): string {
  return params[index] as string;
}

function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw lambdaErrors.invalidParameter(`${key} must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

function optionalNumber(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw lambdaErrors.invalidParameter(`${key} must be a number, got ${JSON.stringify(value)}.`);
  return value;
}

function requiredString(body: Body, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw lambdaErrors.invalidParameter(`${key} is required.`);
  return value;
}

function routingWeights(body: Body): VersionWeights | undefined {
  const routing = body['RoutingConfig'];
  if (routing === undefined || routing === null) return undefined;
  const weights = (routing as Body)['AdditionalVersionWeights'];
  if (weights === undefined || weights === null) return {};
  if (typeof weights !== 'object' || Array.isArray(weights)) {
    throw lambdaErrors.invalidParameter(`RoutingConfig.AdditionalVersionWeights must be a map of version to weight, got ${JSON.stringify(weights)}.`);
  }
  return weights as VersionWeights;
}

/** Lambda's timestamp format, e.g. `2024-01-01T00:00:00.000+0000`. */
function lastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function functionConfiguration(view: FunctionVersionView, arn = view.functionArn): Body {
  return {
    FunctionName: view.functionName,
    FunctionArn: arn,
    Runtime: view.runtime,
    Role: view.role,
    Handler: view.handlerName,
    CodeSize: 0,
    Description: view.description,
    Timeout: view.timeoutSeconds,
    MemorySize: view.memorySize,
    LastModified: lastModified(view.lastModifiedMs),
    CodeSha256: view.codeSha256,
    Version: view.version,
    ...(view.deadLetterTargetArn === undefined ? {} : { DeadLetterConfig: { TargetArn: view.deadLetterTargetArn } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: view.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
  };
}

function aliasConfiguration(alias: AliasView): Body {
  const routed = Object.keys(alias.additionalVersionWeights).length > 0;
  return {
    AliasArn: alias.aliasArn,
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(routed ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } } : {}),
    RevisionId: alias.revisionId,
  };
}

/** One page of `items` after `Marker` (an index), with `NextMarker` when more remain. */
function paginate<T>(items: readonly T[], query: URLSearchParams): { page: T[]; NextMarker?: string } {
  const marker = query.get('Marker');
  const start = marker === null ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw lambdaErrors.invalidParameter(`Marker ${marker} was not issued by this service; pass the NextMarker of the previous page.`);
  }
  const maxParam = query.get('MaxItems');
  const maxItems = maxParam === null ? 50 : Number(maxParam);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
    throw lambdaErrors.validation(`MaxItems must be an integer from 1 to 10000, got ${maxParam}.`);
  }
  const end = start + maxItems;
  return end < items.length ? { page: items.slice(start, end), NextMarker: String(end) } : { page: items.slice(start) };
}

function createFunction(emulator: LambdaOperations, _params: readonly string[], request: SandboxRequest): SandboxResponse {
  const body = parseJsonBody(request);
  const name = requiredString(body, 'FunctionName');
  const deadLetter = body['DeadLetterConfig'] as Body | undefined;
  const deadLetterTargetArn = deadLetter ? optionalString(deadLetter, 'TargetArn') : undefined;
  const role = optionalString(body, 'Role');
  const runtime = optionalString(body, 'Runtime');
  const handlerName = optionalString(body, 'Handler');
  const description = optionalString(body, 'Description');
  const memorySize = optionalNumber(body, 'MemorySize');
  const timeoutSeconds = optionalNumber(body, 'Timeout');
  const latest = emulator.createFunction({
    name,
    ...(role === undefined ? {} : { role }),
    ...(runtime === undefined ? {} : { runtime }),
    ...(handlerName === undefined ? {} : { handlerName }),
    ...(description === undefined ? {} : { description }),
    ...(memorySize === undefined ? {} : { memorySize }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(deadLetterTargetArn === undefined ? {} : { deadLetterTargetArn }),
  });
  const created = body['Publish'] === true ? emulator.publishVersionIfChanged(name, {}) : latest;
  return json(functionConfiguration(created), 201);
}

function listFunctions(emulator: LambdaOperations, _params: readonly string[], request: SandboxRequest): SandboxResponse {
  const { page, NextMarker } = paginate(emulator.listFunctions(), request.query);
  return json({ Functions: page.map((view) => functionConfiguration(view)), ...(NextMarker ? { NextMarker } : {}) });
}

function getFunction(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const view = emulator.getFunctionVersion(param(params, 0), request.query.get('Qualifier') ?? undefined);
  const concurrency = emulator.getFunctionConcurrency(view.functionName);
  return json({
    Configuration: functionConfiguration(view),
    Code: {
      RepositoryType: 'S3',
      Location: `https://awslambda-${SANDBOX_REGION}-tasks.s3.${SANDBOX_REGION}.amazonaws.com/snapshots/${SANDBOX_ACCOUNT}/${view.functionName}`,
    },
    ...(concurrency === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: concurrency } }),
    Tags: {},
  });
}

function getFunctionConfiguration(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const view = emulator.getFunctionVersion(param(params, 0), request.query.get('Qualifier') ?? undefined);
  return json(functionConfiguration(view));
}

function publishVersion(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const body = parseJsonBody(request);
  const description = optionalString(body, 'Description');
  const revisionId = optionalString(body, 'RevisionId');
  const published = emulator.publishVersionIfChanged(param(params, 0), {
    ...(description === undefined ? {} : { description }),
    ...(revisionId === undefined ? {} : { revisionId }),
  });
  return json(functionConfiguration(published), 201);
}

function listVersionsByFunction(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const { page, NextMarker } = paginate(emulator.listVersions(param(params, 0)), request.query);
  // In this listing AWS qualifies $LATEST's ARN too.
  const versions = page.map((view) => functionConfiguration(view, functionArn(view.functionName, view.version)));
  return json({ Versions: versions, ...(NextMarker ? { NextMarker } : {}) });
}

function createAlias(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const body = parseJsonBody(request);
  const alias = emulator.createAlias(
    param(params, 0),
    requiredString(body, 'Name'),
    requiredString(body, 'FunctionVersion'),
    routingWeights(body) ?? {},
    optionalString(body, 'Description') ?? '',
  );
  return json(aliasConfiguration(alias), 201);
}

function listAliases(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const aliases = emulator.listAliases(param(params, 0), request.query.get('FunctionVersion') ?? undefined);
  const { page, NextMarker } = paginate(aliases, request.query);
  return json({ Aliases: page.map(aliasConfiguration), ...(NextMarker ? { NextMarker } : {}) });
}

function getAlias(emulator: LambdaOperations, params: readonly string[]): SandboxResponse {
  return json(aliasConfiguration(emulator.getAlias(param(params, 0), param(params, 1))));
}

function updateAlias(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const body = parseJsonBody(request);
  const functionVersion = optionalString(body, 'FunctionVersion');
  const additionalVersionWeights = routingWeights(body);
  const description = optionalString(body, 'Description');
  const revisionId = optionalString(body, 'RevisionId');
  const alias = emulator.updateAlias(param(params, 0), param(params, 1), {
    ...(functionVersion === undefined ? {} : { functionVersion }),
    ...(additionalVersionWeights === undefined ? {} : { additionalVersionWeights }),
    ...(description === undefined ? {} : { description }),
    ...(revisionId === undefined ? {} : { revisionId }),
  });
  return json(aliasConfiguration(alias));
}

function deleteAlias(emulator: LambdaOperations, params: readonly string[]): SandboxResponse {
  emulator.deleteAlias(param(params, 0), param(params, 1));
  return noContent();
}

async function invoke(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): Promise<SandboxResponse> {
  const invocationType = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  const qualifier = request.query.get('Qualifier') ?? undefined;
  if (invocationType === 'DryRun') {
    emulator.getFunctionVersion(param(params, 0), qualifier);
    return noContent();
  }
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${String(invocationType)}' at 'invocationType' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
    );
  }
  const result = await emulator.invoke(param(params, 0), parsePayload(request.body), qualifier);
  if (invocationType === 'Event') return { status: 202, headers: {} };
  return {
    status: result.statusCode,
    headers: {
      'content-type': 'application/json',
      'x-amz-executed-version': result.executedVersion,
      ...(result.functionError ? { 'x-amz-function-error': result.functionError } : {}),
    },
    body: JSON.stringify(result.payload),
  };
}

function parsePayload(body: Buffer): unknown {
  // An empty payload reaches the function as an empty object, as on AWS.
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw lambdaErrors.invalidRequestContent(error instanceof Error ? error.message : String(error));
  }
}

function putFunctionConcurrency(emulator: LambdaOperations, params: readonly string[], request: SandboxRequest): SandboxResponse {
  const body = parseJsonBody(request);
  const reserved = optionalNumber(body, 'ReservedConcurrentExecutions');
  if (reserved === undefined) throw lambdaErrors.invalidParameter('ReservedConcurrentExecutions is required.');
  return json({ ReservedConcurrentExecutions: emulator.putFunctionConcurrency(param(params, 0), reserved) });
}

function getFunctionConcurrency(emulator: LambdaOperations, params: readonly string[]): SandboxResponse {
  const reserved = emulator.getFunctionConcurrency(param(params, 0));
  return json(reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved });
}

function deleteFunctionConcurrency(emulator: LambdaOperations, params: readonly string[]): SandboxResponse {
  emulator.deleteFunctionConcurrency(param(params, 0));
  return noContent();
}
