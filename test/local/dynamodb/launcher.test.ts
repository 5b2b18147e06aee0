import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { DynamoDbLocalPortInUseError, DynamoDbLocalStartError } from '../../../local/dynamodb/errors.js';
import { startDynamoDbLocal } from '../../../local/dynamodb/launcher.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

const launcherUrl = pathToFileURL(join(import.meta.dirname, '../../../local/dynamodb/launcher.ts')).href;

async function answers(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({}));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

describe('startDynamoDbLocal', () => {
  it('starts an in-memory DynamoDB Local on a free loopback endpoint and stops it', async () => {
    const dynamodb = await startDynamoDbLocal();
    try {
      expect(dynamodb.endpoint).toBe(`http://127.0.0.1:${dynamodb.port}`);
      expect(await answers(dynamodb.endpoint)).toBe(true);
    } finally {
      await dynamodb.stop();
    }
    expect(await answers(dynamodb.endpoint)).toBe(false);
  });

  it('refuses a port that is already taken instead of talking to whoever holds it', async () => {
    // Held by a DynamoDB Local, which would answer the readiness check as if it were the new one.
    const taken = Number(new URL(await dynamodbEndpoint()).port);

    const failure = await startDynamoDbLocal({ port: taken }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DynamoDbLocalPortInUseError);
    expect((failure as Error).message).toContain(`Port ${taken} is already in use`);
  });

  it('reports a JVM that dies at start with the end of its output', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'braid-launcher-'));
    const java = join(scratch, 'java');
    writeFileSync(java, '#!/bin/sh\necho "Error: Could not reserve enough space for object heap" >&2\nexit 3\n');
    chmodSync(java, 0o755);
    try {
      const failure = await startDynamoDbLocal({ java }).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(DynamoDbLocalStartError);
      expect((failure as DynamoDbLocalStartError).code).toBe('DYNAMODB_LOCAL_START_FAILED');
      expect((failure as Error).message).toContain('exited with code 3 before answering');
      expect((failure as Error).message).toContain('Could not reserve enough space for object heap');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('waits for a first answer slower than a probe used to allow, without a timeout warning', async () => {
    // A stand-in for the JVM on a busy machine: it listens on the port it is given and answers ListTables after 2.5 s.
    const scratch = mkdtempSync(join(tmpdir(), 'braid-launcher-'));
    const java = join(scratch, 'java');
    writeFileSync(
      join(scratch, 'slow-server.cjs'),
      "const port = Number(process.argv[process.argv.indexOf('-port') + 1]);\n" +
        "require('node:http').createServer((request, response) => {\n" +
        '  request.resume();\n' +
        "  setTimeout(() => response.setHeader('content-type', 'application/x-amz-json-1.0').end('{\"TableNames\":[]}'), 2500);\n" +
        '}).listen(port);\n',
    );
    writeFileSync(java, `#!/bin/sh\nexec "${process.execPath}" "${join(scratch, 'slow-server.cjs')}" "$@"\n`);
    chmodSync(java, 0o755);
    const warn = vi.spyOn(console, 'warn');
    try {
      const slow = await startDynamoDbLocal({ java });
      await slow.stop();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('takes the JVM down when the process that started it is killed', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'braid-launcher-'));
    const script = join(scratch, 'start.mts');
    writeFileSync(
      script,
      `import { startDynamoDbLocal } from '${launcherUrl}';\n` +
        'const dynamodb = await startDynamoDbLocal();\nconsole.log(dynamodb.endpoint);\nsetInterval(() => {}, 60_000);\n',
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [endpoint] = (await Promise.race([
        once(createInterface({ input: parent.stdout! }), 'line'),
        once(parent, 'exit').then(() => Promise.reject(new Error('the parent exited before printing its endpoint'))),
      ])) as [string];
      expect(await answers(endpoint)).toBe(true);

      // SIGKILL runs no exit hook: only the kernel's parent-death signal can stop the JVM now.
      parent.kill('SIGKILL');
      let alive = true;
      for (let attempt = 0; attempt < 50 && alive; attempt += 1) {
        await sleep(100);
        alive = await answers(endpoint);
      }
      expect(alive).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
