import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JavaRuntimeMissingError } from './errors.js';
import { findExecutable } from './private/find-executable.js';
import { aptInstall, canAptInstall } from '../system/apt-install.js';

const execFileAsync = promisify(execFile);

/** The oldest Java major version DynamoDB Local 1.25 runs on. */
export const MINIMUM_JAVA_MAJOR = 11;

/** The Debian package Braid installs when no suitable Java is present. */
export const JAVA_APT_PACKAGE = 'openjdk-17-jre-headless';

/** Where to look for Java, and whether Braid may install it. */
export interface JavaRuntimeOptions {
  /**
   * PATH-style list of directories searched for `java`.
   * @default process.env.PATH
   */
  readonly searchPath?: string;
  /**
   * A Java home whose `bin/java` is tried before the search path.
   * @default process.env.JAVA_HOME
   */
  readonly javaHome?: string;
  /**
   * Install {@link JAVA_APT_PACKAGE} with apt-get when none is found, if running as root on Debian.
   * @default true
   */
  readonly allowInstall?: boolean;
}

interface ProbeResult {
  readonly usable?: string;
  /** Executables found but too old or broken, described for the error message. */
  readonly rejected: readonly string[];
}

let defaultRuntime: Promise<string> | undefined;

/**
 * The path of a `java` executable of version {@link MINIMUM_JAVA_MAJOR} or later. When there is
 * none and the process runs as root on Debian, installs {@link JAVA_APT_PACKAGE} with apt-get first.
 * @throws JavaRuntimeMissingError naming what to install otherwise
 */
export function ensureJavaRuntime(options: JavaRuntimeOptions = {}): Promise<string> {
  if (Object.keys(options).length > 0) return resolveJavaRuntime(options);
  // Memoised so concurrent callers in one process never run apt-get twice; a failure is not cached.
  defaultRuntime ??= resolveJavaRuntime({}).catch((error: unknown) => {
    defaultRuntime = undefined;
    throw error;
  });
  return defaultRuntime;
}

async function resolveJavaRuntime(options: JavaRuntimeOptions): Promise<string> {
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  const javaHome = options.javaHome ?? process.env.JAVA_HOME;
  const found = await probe(candidates(javaHome, searchPath));
  if (found.usable !== undefined) return found.usable;

  if ((options.allowInstall ?? true) && canAptInstall()) {
    await installWithApt();
    // The package registers /usr/bin/java through update-alternatives, which may not be on a custom search path.
    const installed = await probe([...candidates(javaHome, searchPath), '/usr/bin/java']);
    if (installed.usable !== undefined) return installed.usable;
    throw new JavaRuntimeMissingError(
      `apt-get installed ${JAVA_APT_PACKAGE}, but still no Java ${MINIMUM_JAVA_MAJOR}+ was found (${describe(installed.rejected)}). ` +
        'Check `update-alternatives --display java`, or set JAVA_HOME to the new runtime.',
    );
  }
  throw new JavaRuntimeMissingError(
    `DynamoDB Local needs Java ${MINIMUM_JAVA_MAJOR} or later, but ${describe(found.rejected)}. ` +
      `Install a Java runtime (Debian/Ubuntu: \`sudo apt-get install -y --no-install-recommends ${JAVA_APT_PACKAGE}\`; ` +
      'macOS: `brew install openjdk@17`) or set JAVA_HOME to one, then run again.',
  );
}

function candidates(javaHome: string | undefined, searchPath: string): string[] {
  const list: string[] = [];
  if (javaHome !== undefined && javaHome !== '') list.push(join(javaHome, 'bin', 'java'));
  const onPath = findExecutable('java', searchPath);
  if (onPath !== undefined) list.push(onPath);
  return list;
}

function describe(rejected: readonly string[]): string {
  return rejected.length === 0 ? 'no `java` was found on PATH or in JAVA_HOME' : `only found ${rejected.join('; ')}`;
}

async function probe(paths: readonly string[]): Promise<ProbeResult> {
  const rejected: string[] = [];
  for (const path of new Set(paths)) {
    if (!existsSync(path)) continue;
    try {
      // `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15`.
      const { stdout, stderr } = await execFileAsync(path, ['-version'], { timeout: 15_000 });
      const version = /version "([^"]+)"/.exec(`${stderr}\n${stdout}`)?.[1];
      const major = version === undefined ? undefined : javaMajorVersion(version);
      if (major !== undefined && major >= MINIMUM_JAVA_MAJOR) return { usable: path, rejected };
      rejected.push(`${path} (version ${version ?? 'unknown'})`);
    } catch (error) {
      rejected.push(`${path} (\`-version\` failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  return { rejected };
}

/** `1.8.0_422` → 8 (the pre-Java-9 scheme), `17.0.15` → 17, `21` → 21. */
function javaMajorVersion(version: string): number | undefined {
  const [first, second] = version.split(/[.+_-]/);
  const major = Number(first === '1' ? second : first);
  return Number.isInteger(major) ? major : undefined;
}

async function installWithApt(): Promise<void> {
  try {
    await aptInstall([JAVA_APT_PACKAGE], `DynamoDB Local (no Java ${MINIMUM_JAVA_MAJOR}+ found)`);
  } catch (error) {
    throw new JavaRuntimeMissingError(`${(error as Error).message}\nOr set JAVA_HOME to a Java ${MINIMUM_JAVA_MAJOR}+ runtime.`, { cause: error });
  }
}
