import { cbor, tag } from '@smithy/core/cbor';
import { jsonTarget, parseJsonBody } from '../http/protocol.js';
import { AwsServiceError, type SandboxRequest, type SandboxResponse } from '../http/service.js';

const TARGET_PREFIX = 'GraniteServiceVersion20100801';
const CBOR_PATH = /^\/service\/GraniteServiceVersion20100801\/operation\/([A-Za-z]+)$/;

/**
 * How a CloudWatch client spoke: AWS JSON 1.0 (SDK for JavaScript v3) or Smithy RPC v2 CBOR
 * (botocore, hence the image's `aws` CLI). Both carry the same members; timestamps are epoch
 * seconds (a number in JSON, a tag-1 item in CBOR).
 */
export type CloudWatchWire = 'json' | 'cbor';

/** A CloudWatch request decoded from either wire. */
export interface CloudWatchCall {
  readonly operation: string;
  readonly wire: CloudWatchWire;
}

/** The CloudWatch operation a request names, or undefined when it is not a CloudWatch request. */
export function cloudWatchCall(request: SandboxRequest): CloudWatchCall | undefined {
  const jsonOperation = jsonTarget(request, TARGET_PREFIX);
  if (jsonOperation) return { operation: jsonOperation, wire: 'json' };
  const match = request.method === 'POST' ? CBOR_PATH.exec(request.path) : null;
  return match ? { operation: match[1]!, wire: 'cbor' } : undefined;
}

/** Replaces CBOR tag-1 timestamps by epoch seconds, so handlers see what JSON would carry. */
function untagTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untagTimestamps);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.tag === 1 && typeof record.value === 'number') return record.value;
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, untagTimestamps(inner)]));
}

/** CBOR needs to know which numbers are timestamps: CloudWatch names them `*Timestamp(s)`. */
function tagTimestamps(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((inner) => tagTimestamps(inner, key));
  if (typeof value === 'number' && /Timestamps?$/.test(key)) return tag({ tag: 1, value });
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, tagTimestamps(inner, name)]));
}

/** The request's members as a plain object. */
export function readCloudWatchInput(request: SandboxRequest, wire: CloudWatchWire): Record<string, unknown> {
  if (wire === 'json') return parseJsonBody(request);
  if (request.body.length === 0) return {};
  try {
    const decoded = untagTimestamps(cbor.deserialize(new Uint8Array(request.body)));
    if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw new Error('not a map');
    return decoded as Record<string, unknown>;
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not a CBOR map.');
  }
}

function cborHeaders(): Record<string, string> {
  return { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
}

/** A success answer on the wire the client used. */
export function cloudWatchResponse(body: Record<string, unknown>, wire: CloudWatchWire): SandboxResponse {
  // Drop undefined members once, so neither encoder sees them.
  const plain = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  if (wire === 'json') return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(plain) };
  return { status: 200, headers: cborHeaders(), body: Buffer.from(cbor.serialize(tagTimestamps(plain))) };
}

/**
 * An error answer. CloudWatch is "awsQuery compatible": clients take the error code from the
 * `x-amzn-query-error` header (`InvalidFormat`, `ResourceNotFound`), which differ from the
 * modelled shape names (`InvalidFormatFault`).
 */
export function cloudWatchErrorResponse(error: AwsServiceError, wire: CloudWatchWire): SandboxResponse {
  const queryError = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  const body = { __type: error.code, message: error.message };
  if (wire === 'json') {
    return {
      status: error.status,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': queryError },
      body: JSON.stringify(body),
    };
  }
  return { status: error.status, headers: { ...cborHeaders(), 'x-amzn-query-error': queryError }, body: Buffer.from(cbor.serialize(body)) };
}
