import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DYNAMODB_LOCAL_JAR_SHA256, ensureDynamoDbLocal } from '../../../local/dynamodb/install.js';

// A private cache: these tests damage it on purpose, which must not disturb the shared one.
let cacheDir: string;

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'braid-dynamodb-cache-'));
});

afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

function jarSha256(emulatorDir: string): string {
  return createHash('sha256')
    .update(readFileSync(join(emulatorDir, 'DynamoDBLocal.jar')))
    .digest('hex');
}

describe('ensureDynamoDbLocal', () => {
  it('fetches the pinned emulator once when several callers race for an empty cache', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const results = await Promise.all([1, 2, 3].map(() => ensureDynamoDbLocal({ cacheDir })));
    const fetches = stderr.mock.calls.filter(([text]) => String(text).includes('fetching DynamoDB Local'));
    stderr.mockRestore();

    expect(fetches).toHaveLength(1);

    expect(new Set(results.map((result) => result.emulatorDir))).toEqual(new Set([join(cacheDir, 'emulator')]));
    const { emulatorDir } = results[0]!;
    expect(jarSha256(emulatorDir)).toBe(DYNAMODB_LOCAL_JAR_SHA256);
    expect(statSync(join(emulatorDir, 'DynamoDBLocal_lib', 'libsqlite4java-linux-amd64.so')).isFile()).toBe(true);
    // No half-finished downloads or lock left behind.
    expect(readdirSync(cacheDir)).toEqual(['emulator']);
  });

  it('reuses an intact cache without touching it', async () => {
    const { emulatorDir } = await ensureDynamoDbLocal({ cacheDir });
    const before = statSync(join(emulatorDir, 'DynamoDBLocal.jar'));

    await ensureDynamoDbLocal({ cacheDir });

    const after = statSync(join(emulatorDir, 'DynamoDBLocal.jar'));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces a corrupted jar with a verified one', async () => {
    const { emulatorDir } = await ensureDynamoDbLocal({ cacheDir });
    appendFileSync(join(emulatorDir, 'DynamoDBLocal.jar'), 'corrupted');
    expect(jarSha256(emulatorDir)).not.toBe(DYNAMODB_LOCAL_JAR_SHA256);

    const repaired = await ensureDynamoDbLocal({ cacheDir });

    expect(repaired.emulatorDir).toBe(emulatorDir);
    expect(jarSha256(emulatorDir)).toBe(DYNAMODB_LOCAL_JAR_SHA256);
    expect(readdirSync(cacheDir)).toEqual(['emulator']);
  });
});
