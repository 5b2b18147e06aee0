import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Journal } from '../contracts.js';
import { jsonErrorResponse, jsonTarget, parseJsonBody } from '../http/protocol.js';
import { AwsServiceError, type EmulatedService, type SandboxRequest, type SandboxResponse } from '../http/service.js';

/** The `x-amz-target` prefix of DynamoDB's JSON 1.0 protocol. */
const TARGET_PREFIX = 'DynamoDB_20120810';

/** Actions whose success changes items, and so belong in the journal. */
const WRITE_ACTIONS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** Request headers DynamoDB Local needs; the rest (host, content-length, …) belong to the hop. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'x-amz-target', 'authorization', 'x-amz-date', 'x-amz-security-token'];

/** Response headers that describe the connection, not the answer; Node sets its own. */
const HOP_BY_HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/** Where the forwarder sends requests and records writes. */
export interface DynamoDbForwarderOptions {
  /** A running DynamoDB Local, e.g. `http://127.0.0.1:8000`. */
  readonly targetEndpoint: string;
  /** Receives one entry per successful write, in the order DynamoDB Local answered them. */
  readonly journal: Journal;
}

/**
 * Puts DynamoDB Local behind the sandbox's single endpoint: passes DynamoDB requests through
 * unchanged and journals every successful write, so mutations of all services share one order.
 */
export class DynamoDbForwarder implements EmulatedService {
  readonly endpointId = 'DYNAMODB';
  private readonly target: URL;
  private readonly journal: Journal;

  constructor(options: DynamoDbForwarderOptions) {
    this.target = new URL(options.targetEndpoint);
    this.journal = options.journal;
  }

  accepts(request: SandboxRequest): boolean {
    return jsonTarget(request, TARGET_PREFIX) !== undefined;
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const action = jsonTarget(request, TARGET_PREFIX) ?? '';
    let response: SandboxResponse;
    try {
      response = await this.forward(request);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return jsonErrorResponse(
        new AwsServiceError('ServiceUnavailable', `DynamoDB Local at ${this.target.origin} did not answer (${reason}); is it running?`, 503),
      );
    }
    if (response.status >= 200 && response.status < 300 && WRITE_ACTIONS.has(action)) {
      this.journal.record({ service: 'dynamodb', action, detail: { request: parseJsonBody(request) } });
    }
    return response;
  }

  private forward(request: SandboxRequest): Promise<SandboxResponse> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return new Promise<SandboxResponse>((resolve, reject) => {
      // http.request rather than fetch: fetch would ask for gzip and decode it, and the SDK checks
      // DynamoDB's x-amz-crc32 against the exact bytes it receives.
      const outgoing = httpRequest(this.target, { method: request.method, path: request.path, headers }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 502, headers: endToEndHeaders(incoming.headers), body: Buffer.concat(chunks) }));
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}

function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
