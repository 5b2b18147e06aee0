import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbLocalInstallError } from '../../../../local/dynamodb/errors.js';
import { acquireDirectoryLock } from '../../../../local/dynamodb/private/directory-lock.js';

let scratch: string;
let lockDir: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'braid-lock-'));
  lockDir = join(scratch, '.install.lock');
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('acquireDirectoryLock', () => {
  it('makes a second taker wait until the first releases', async () => {
    const releaseFirst = await acquireDirectoryLock(lockDir);
    let secondHolds = false;
    const second = acquireDirectoryLock(lockDir).then((release) => {
      secondHolds = true;
      return release;
    });

    await sleep(500);
    expect(secondHolds).toBe(false);
    await releaseFirst();
    const releaseSecond = await second;
    expect(secondHolds).toBe(true);
    await releaseSecond();
    expect(existsSync(lockDir)).toBe(false);
  });

  it('breaks a lock whose owner process has died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ pid: dead, host: hostname() }));

    const release = await acquireDirectoryLock(lockDir, 2_000);

    await release();
    expect(existsSync(lockDir)).toBe(false);
  });

  it('gives up on a lock held by a live process, naming the folder to delete', async () => {
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));

    const failure = await acquireDirectoryLock(lockDir, 300).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DynamoDbLocalInstallError);
    expect((failure as Error).message).toContain(lockDir);
    expect(existsSync(lockDir)).toBe(true);
  });
});
