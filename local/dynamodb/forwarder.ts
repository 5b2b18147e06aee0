import { request as httpRequest } from 'node:http';
import type { Journal } from '../contracts.js';
import type { EmulatedService, SandboxRequest, SandboxResponse } from '../http/service.js';

/** Options of {@link DynamoDbForwarder}. */
export interface DynamoDbForwarderOptions {
  /** DynamoDB Local's endpoint, e.g. `http://127.0.0.1:8000`. */
  readonly targetEndpoint: string;
  /** Successful writes are recorded here (service `dynamodb`). */
  readonly journal: Journal;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const WRITE_ACTIONS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const FORWARDED_HEADERS = ['content-type', 'x-amz-target', 'authorization', 'x-amz-date', 'x-amz-security-token'];

/**
 * DynamoDB behind the sandbox's single endpoint: passes each request to AWS's DynamoDB Local
 * unchanged and records every successful write in the journal, so the sandbox knows the total
 * order of all mutations across services (e.g. that an audit record preceded an alias update).
 */
export class DynamoDbForwarder implements EmulatedService {
  readonly endpointId = 'DYNAMODB';
  private readonly target: URL;

  constructor(private readonly options: DynamoDbForwarderOptions) {
    this.target = new URL(options.targetEndpoint);
  }

  accepts(request: SandboxRequest): boolean {
    const target = request.headers['x-amz-target'];
    return typeof target === 'string' && target.startsWith(TARGET_PREFIX);
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const response = await this.forward(request);
    const action = String(request.headers['x-amz-target']).slice(TARGET_PREFIX.length);
    if (response.status >= 200 && response.status < 300 && WRITE_ACTIONS.has(action)) {
      this.options.journal.record({ service: 'dynamodb', action, detail: { request: JSON.parse(request.body.toString('utf8')) as unknown } });
    }
    return response;
  }

  private forward(request: SandboxRequest): Promise<SandboxResponse> {
    const headers: Record<string, string> = { 'content-length': String(request.body.length) };
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: this.target.hostname, port: this.target.port, path: '/', method: request.method, headers },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const contentType = incoming.headers['content-type'];
            resolve({
              status: incoming.statusCode ?? 500,
              headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
              body: Buffer.concat(chunks),
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}
