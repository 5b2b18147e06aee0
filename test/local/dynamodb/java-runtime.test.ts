import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JavaRuntimeMissingError } from '../../../local/dynamodb/errors.js';
import { ensureJavaRuntime, JAVA_APT_PACKAGE } from '../../../local/dynamodb/java-runtime.js';

let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'braid-java-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A `java` that only prints the given `-version` banner, as real JVMs do, on stderr. */
function fakeJava(directory: string, banner: string): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'java');
  writeFileSync(path, `#!/bin/sh\necho '${banner}' >&2\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ensureJavaRuntime', () => {
  it("finds this machine's Java and it is version 11 or later", async () => {
    const java = await ensureJavaRuntime();
    const banner = execFileSync('sh', ['-c', '"$0" -version 2>&1', java], { encoding: 'utf8' });
    const major = Number(/version "(\d+)/.exec(banner)?.[1]);
    expect(major).toBeGreaterThanOrEqual(11);
  });

  it('prefers JAVA_HOME over the search path', async () => {
    fakeJava(join(scratch, 'path'), 'openjdk version "17.0.15" 2025-04-15');
    const home = join(scratch, 'jdk-21');
    const javaInHome = fakeJava(join(home, 'bin'), 'openjdk version "21.0.2" 2024-01-16');

    await expect(ensureJavaRuntime({ searchPath: join(scratch, 'path'), javaHome: home, allowInstall: false })).resolves.toBe(javaInHome);
  });

  it('rejects Java 8 and says what to install', async () => {
    const old = fakeJava(join(scratch, 'path'), 'java version "1.8.0_422"');

    const failure = await ensureJavaRuntime({ searchPath: join(scratch, 'path'), javaHome: '', allowInstall: false }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(JavaRuntimeMissingError);
    expect((failure as JavaRuntimeMissingError).code).toBe('JAVA_RUNTIME_MISSING');
    expect((failure as Error).message).toContain(`${old} (version 1.8.0_422)`);
    expect((failure as Error).message).toContain(`apt-get install -y --no-install-recommends ${JAVA_APT_PACKAGE}`);
  });

  it('says no java was found when there is none, without installing when not allowed', async () => {
    const failure = await ensureJavaRuntime({ searchPath: scratch, javaHome: '', allowInstall: false }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(JavaRuntimeMissingError);
    expect((failure as Error).message).toMatch(/^DynamoDB Local needs Java 11 or later, but no `java` was found on PATH or in JAVA_HOME\./);
  });
});
