import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request as the sandbox's router hands it to an emulated service. */
export interface SandboxRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/2015-03-31/functions/checkout/aliases/live`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What an emulated service answers. */
export interface SandboxResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/**
 * An emulated AWS service behind the sandbox's single loopback endpoint. Services are told
 * apart by their wire protocol (REST path for Lambda, `x-amz-target` prefix for the JSON ones).
 */
export interface EmulatedService {
  /** The SDK's service id, as in `AWS_ENDPOINT_URL_<ID>` (e.g. `LAMBDA`, `SFN`). */
  readonly endpointId: string;
  /** True when this service speaks the request's protocol. */
  accepts(request: SandboxRequest): boolean;
  handle(request: SandboxRequest): Promise<SandboxResponse>;
}

/** An error in AWS's shape: the SDK turns `code` into the exception name. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
