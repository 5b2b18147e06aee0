import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatedService, SandboxRequest, SandboxResponse } from './service.js';

/** The sandbox's loopback HTTP endpoint, shared by every emulated service. */
export interface SandboxServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

async function readRequest(message: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const url = new URL(message.url ?? '/', 'http://127.0.0.1');
  return {
    method: message.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers: message.headers,
    body: Buffer.concat(chunks),
  };
}

/**
 * Starts one HTTP server on 127.0.0.1 (never another interface) that routes each request to
 * the first service that accepts its protocol.
 * @param port 0 picks a free port
 */
export async function startSandboxServer(services: readonly EmulatedService[], port = 0): Promise<SandboxServer> {
  const server: Server = createServer((message, reply) => {
    void (async () => {
      let response: SandboxResponse;
      try {
        const request = await readRequest(message);
        const service = services.find((candidate) => candidate.accepts(request));
        response = service
          ? await service.handle(request)
          : {
              status: 404,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ message: `No sandbox service speaks ${request.method} ${request.path}` }),
            };
      } catch (error) {
        response = { status: 500, body: JSON.stringify({ message: String(error) }) };
      }
      reply.writeHead(response.status, { 'x-amzn-requestid': crypto.randomUUID(), ...response.headers });
      reply.end(response.body ?? '');
    })();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
