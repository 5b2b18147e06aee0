import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { findExecutable } from '../dynamodb/private/find-executable.js';

const execFileAsync = promisify(execFile);

/** True when this process may install Debian packages itself (root on Debian with apt-get). */
export function canAptInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && findExecutable('apt-get') !== undefined;
}

/**
 * Installs Debian packages non-interactively, so the README's two commands work on a fresh
 * machine. Throws with apt-get's last lines when it fails.
 */
export async function aptInstall(packages: readonly string[], why: string): Promise<void> {
  process.stderr.write(`braid: installing ${packages.join(', ')} with apt-get for ${why} (one time)…\n`);
  const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };
  try {
    await execFileAsync('apt-get', ['update'], options);
    await execFileAsync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], options);
  } catch (error) {
    const tail = error instanceof Error && 'stderr' in error ? String(error.stderr).trim().split('\n').slice(-10).join('\n') : String(error);
    throw new Error(`apt-get could not install ${packages.join(', ')}:\n${tail}\nInstall ${packages.length > 1 ? 'them' : 'it'} yourself and run again.`, {
      cause: error,
    });
  }
}
