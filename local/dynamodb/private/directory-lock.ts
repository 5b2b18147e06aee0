import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDbLocalInstallError } from '../errors.js';

/** A lock older than this is presumed abandoned even if its owner cannot be checked (another host). */
const STALE_AFTER_MS = 15 * 60_000;
const POLL_MS = 200;

interface Owner {
  readonly pid: number;
  readonly host: string;
}

/**
 * Takes an exclusive cross-process lock by creating `lockDir` (`mkdir` is atomic) and returns
 * its release. Waits while another live process holds it; breaks a lock whose owner has died.
 * @param timeoutMs how long to wait before giving up
 */
export async function acquireDirectoryLock(lockDir: string, timeoutMs = STALE_AFTER_MS): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      const owner: Owner = { pid: process.pid, host: hostname() };
      await writeFile(join(lockDir, 'owner.json'), JSON.stringify(owner));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isAbandoned(lockDir)) {
      // Rename before deleting so two processes breaking the same lock cannot delete a fresh one.
      const broken = `${lockDir}.broken-${process.pid}-${Date.now()}`;
      await rename(lockDir, broken)
        .then(() => rm(broken, { recursive: true, force: true }))
        .catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new DynamoDbLocalInstallError(
        `Waited ${Math.round(timeoutMs / 1000)} s for the lock ${lockDir}, held by another installer. ` +
          'If no other Braid process is installing DynamoDB Local, delete that folder and run again.',
      );
    }
    await sleep(POLL_MS);
  }
}

async function isAbandoned(lockDir: string): Promise<boolean> {
  try {
    const ageMs = Date.now() - (await stat(lockDir)).mtimeMs;
    if (ageMs > STALE_AFTER_MS) return true;
    const owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as Owner;
    return owner.host === hostname() && !isAlive(owner.pid);
  } catch {
    // Lock gone (retry at once) or owner file not written yet (its creator is alive: wait).
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
