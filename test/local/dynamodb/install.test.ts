import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { DynamoDbLocalIntegrityError } from '../../../local/dynamodb/errors.js';
import { DYNAMODB_LOCAL_JAR_SHA256, ensureDynamoDbLocal, type DynamoDbLocalSource } from '../../../local/dynamodb/install.js';

// Each test gets a private cache: these tests damage caches on purpose, which must not disturb the shared one.
let scratch: string;
let caches = 0;
let source: DynamoDbLocalSource;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'braid-dynamodb-install-'));
  source = fakeDistribution(join(scratch, 'fixture'), 'a stand-in for DynamoDBLocal.jar');
  // npm must find everything on disk: with the network off, these tests pass just the same.
  vi.stubEnv('npm_config_offline', 'true');
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A tarball laid out as the real npm package is (`package/emulator/DynamoDBLocal.jar`, the
 * native library beside it), a few hundred bytes instead of 57 MB, with its digests.
 */
function fakeDistribution(dir: string, jar: string): DynamoDbLocalSource {
  const emulator = join(dir, 'package', 'emulator');
  mkdirSync(join(emulator, 'DynamoDBLocal_lib'), { recursive: true });
  writeFileSync(join(dir, 'package', 'package.json'), JSON.stringify({ name: 'fake-dynamodb-local', version: '1.0.0' }));
  writeFileSync(join(emulator, 'DynamoDBLocal.jar'), jar);
  writeFileSync(join(emulator, 'DynamoDBLocal_lib', 'sqlite4java.jar'), 'sqlite4java');
  writeFileSync(join(emulator, 'DynamoDBLocal_lib', 'libsqlite4java-linux-amd64.so'), 'native');
  const tarball = join(dir, 'fake-dynamodb-local-1.0.0.tgz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
  return {
    packageSpec: tarball,
    tarballIntegrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    jarSha256: sha256(jar),
    description: 'a fake DynamoDB Local',
  };
}

function newCache(): string {
  return join(scratch, `cache-${(caches += 1)}`);
}

function jarSha256(emulatorDir: string): string {
  return sha256(readFileSync(join(emulatorDir, 'DynamoDBLocal.jar')));
}

/** Fetches announced on stderr since the test began; the announcements are kept off the run's output. */
let fetches: string[];
let stderr: MockInstance<typeof process.stderr.write>;

beforeEach(() => {
  fetches = [];
  const write = process.stderr.write.bind(process.stderr);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation((...args: Parameters<typeof process.stderr.write>) => {
    const text = String(args[0]);
    if (!text.startsWith('braid: fetching a fake DynamoDB Local')) return write(...args);
    fetches.push(text);
    return true;
  });
});

afterEach(() => {
  stderr.mockRestore();
});

describe('ensureDynamoDbLocal', () => {
  it('has the pinned DynamoDB Local in the shared cache, the one the test run uses', async () => {
    // The run's setup installed it (fetching it once on a fresh clone); from here on it is only verified.
    const { emulatorDir } = await ensureDynamoDbLocal();

    expect(jarSha256(emulatorDir)).toBe(DYNAMODB_LOCAL_JAR_SHA256);
    expect(statSync(join(emulatorDir, 'DynamoDBLocal_lib', 'libsqlite4java-linux-amd64.so')).isFile()).toBe(true);
  });

  it('fetches the distribution once when several callers race for an empty cache', async () => {
    const cacheDir = newCache();

    const results = await Promise.all([1, 2, 3].map(() => ensureDynamoDbLocal({ cacheDir, source })));

    expect(fetches).toHaveLength(1);
    expect(new Set(results.map((result) => result.emulatorDir))).toEqual(new Set([join(cacheDir, 'emulator')]));
    const { emulatorDir } = results[0]!;
    expect(jarSha256(emulatorDir)).toBe(source.jarSha256);
    expect(statSync(join(emulatorDir, 'DynamoDBLocal_lib', 'libsqlite4java-linux-amd64.so')).isFile()).toBe(true);
    // No half-finished downloads or lock left behind.
    expect(readdirSync(cacheDir)).toEqual(['emulator']);
  });

  it('reuses an intact cache without touching it', async () => {
    const cacheDir = newCache();
    const { emulatorDir } = await ensureDynamoDbLocal({ cacheDir, source });
    const before = statSync(join(emulatorDir, 'DynamoDBLocal.jar'));

    fetches = [];
    await ensureDynamoDbLocal({ cacheDir, source });

    expect(fetches).toEqual([]);
    const after = statSync(join(emulatorDir, 'DynamoDBLocal.jar'));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces a corrupted jar with a verified one', async () => {
    const cacheDir = newCache();
    const { emulatorDir } = await ensureDynamoDbLocal({ cacheDir, source });
    appendFileSync(join(emulatorDir, 'DynamoDBLocal.jar'), 'corrupted');
    expect(jarSha256(emulatorDir)).not.toBe(source.jarSha256);

    fetches = [];
    const repaired = await ensureDynamoDbLocal({ cacheDir, source });

    expect(fetches).toHaveLength(1);
    expect(repaired.emulatorDir).toBe(emulatorDir);
    expect(jarSha256(emulatorDir)).toBe(source.jarSha256);
    expect(readdirSync(cacheDir)).toEqual(['emulator']);
  });

  it('refuses a tarball that does not match its pinned integrity, blaming the environment, and installs nothing', async () => {
    const cacheDir = newCache();
    const tampered = { ...source, tarballIntegrity: `sha512-${createHash('sha512').update('another tarball').digest('base64')}` };

    const failure = await ensureDynamoDbLocal({ cacheDir, source: tampered }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DynamoDbLocalIntegrityError);
    expect((failure as DynamoDbLocalIntegrityError).fault).toBe('environment');
    expect((failure as Error).message).toContain(`expected ${tampered.tarballIntegrity}`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses a jar that does not match its pinned digest, blaming the pin, and installs nothing', async () => {
    const cacheDir = newCache();
    const wrongPin = { ...source, jarSha256: sha256('another jar') };

    const failure = await ensureDynamoDbLocal({ cacheDir, source: wrongPin }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DynamoDbLocalIntegrityError);
    expect((failure as DynamoDbLocalIntegrityError).fault).toBe('braid');
    expect((failure as Error).message).toContain(`has SHA-256 ${source.jarSha256}, expected ${wrongPin.jarSha256}`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
