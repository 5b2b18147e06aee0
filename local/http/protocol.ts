import { AwsServiceError, type SandboxRequest, type SandboxResponse } from './service.js';

/** The operation named by an AWS JSON 1.0/1.1 request (`x-amz-target: Prefix.Operation`). */
export function jsonTarget(request: SandboxRequest, prefix: string): string | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(`${prefix}.`)) return undefined;
  return target.slice(prefix.length + 1);
}

/** Parses a JSON request body; an empty body is `{}`. */
export function parseJsonBody(request: SandboxRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not a JSON object.');
  }
}

/** A success answer in the AWS JSON protocols. */
export function jsonResponse(body: unknown, version: '1.0' | '1.1' = '1.0', status = 200): SandboxResponse {
  return {
    status,
    headers: { 'content-type': `application/x-amz-json-${version}` },
    body: JSON.stringify(body ?? {}),
  };
}

/** An error answer in the AWS JSON protocols: the SDK reads `__type` and `x-amzn-errortype`. */
export function jsonErrorResponse(error: AwsServiceError, version: '1.0' | '1.1' = '1.0'): SandboxResponse {
  return {
    status: error.status,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** An error answer in the REST-JSON protocol (Lambda). */
export function restJsonErrorResponse(error: AwsServiceError): SandboxResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message }),
  };
}

/** Wraps a service's dispatch so any non-AWS failure becomes a 500 ServiceException. */
export function toAwsError(error: unknown): AwsServiceError {
  if (error instanceof AwsServiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsServiceError('ServiceException', `Sandbox internal error: ${message}`, 500);
}
