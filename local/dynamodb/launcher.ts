import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDbLocalPortInUseError, DynamoDbLocalStartError } from './errors.js';
import { ensureDynamoDbLocal } from './install.js';
import { ensureJavaRuntime } from './java-runtime.js';
import { findExecutable } from './private/find-executable.js';

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;
const PORT_ATTEMPTS = 3;

/** How to start DynamoDB Local. */
export interface StartDynamoDbLocalOptions {
  /**
   * TCP port to listen on.
   * @default - a free port, chosen on 127.0.0.1
   */
  readonly port?: number;
  /**
   * Cache folder of the emulator, passed to `ensureDynamoDbLocal`.
   * @default - `<repo>/.cache/dynamodb-local`
   */
  readonly cacheDir?: string;
  /**
   * The `java` executable to run.
   * @default - the one `ensureJavaRuntime` finds or installs
   */
  readonly java?: string;
  /**
   * Called when the JVM has been spawned (again if a taken port makes it retry), before it
   * answers: the moment to start other work (e.g. loading modules), which would otherwise delay
   * the spawn on a busy event loop.
   * @default - nothing
   */
  readonly onSpawn?: () => void;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`, for an SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Every JVM this process started and has not stopped, killed if the process exits first. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts an in-memory DynamoDB Local (installing Java and the emulator if needed) and resolves
 * once it answers `ListTables`.
 * @throws DynamoDbLocalStartError with the JVM's output when it exits or stays silent for 30 s
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = options.java ?? (await ensureJavaRuntime());
  const { emulatorDir } = await ensureDynamoDbLocal({ cacheDir: options.cacheDir });
  if (options.port !== undefined) return launch(java, emulatorDir, options.port, options.onSpawn);
  // A port found free can be taken by someone else before the JVM binds it: try a fresh one.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch(java, emulatorDir, await freePort(), options.onSpawn);
    } catch (error) {
      if (!(error instanceof DynamoDbLocalPortInUseError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

async function launch(java: string, emulatorDir: string, port: number, onSpawn?: () => void): Promise<DynamoDbLocal> {
  await assertPortFree(port);
  const args = [
    // DynamoDB Local serves light traffic next to Node on few cores: the C1 compiler alone and the
    // serial collector halve the JVM's CPU time (npm start: about 6 s to 2.5 s), which C2 and
    // parallel GC threads would otherwise take from Node.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulatorDir, 'DynamoDBLocal.jar'),
    '-inMemory',
    // One database whatever the caller's access key and region, so the CLI, tests and handlers
    // with different dummy credentials see the same tables (as one AWS account would).
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  // setpriv execs java in place, so the child's pid is the JVM's; the kernel then kills the JVM
  // when this process dies, even by SIGKILL, where no exit hook runs.
  const setpriv = findExecutable('setpriv');
  const [command, commandArgs] = setpriv === undefined ? [java, args] : [setpriv, ['--pdeathsig', 'SIGKILL', java, ...args]];
  // The cache folder is the cwd because DynamoDB Local writes dynamodb-local-metadata.json there.
  const child = spawn(command, commandArgs, { cwd: dirname(emulatorDir), stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  onSpawn?.();

  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let ended: string | undefined;
  child.once('exit', (code, signal) => {
    ended = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
  });
  // Without a listener, a failed spawn (e.g. EACCES) would be an uncaught 'error' event.
  child.once('error', (error) => {
    ended ??= `could not be started (${error.message})`;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  try {
    await waitUntilReady(endpoint, { output: () => output, ended: () => ended });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

/** A port free on every interface: DynamoDB Local binds all of them (it has no host option). */
async function freePort(): Promise<number> {
  const server = await listenOn(0);
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new DynamoDbLocalStartError('Could not pick a free port for DynamoDB Local.');
  return address.port;
}

/**
 * Fails fast when `port` is taken: otherwise the readiness poll could be answered by whatever
 * already listens there while our JVM hangs on its bind error (it does not exit).
 */
async function assertPortFree(port: number): Promise<void> {
  try {
    const server = await listenOn(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new DynamoDbLocalPortInUseError(`Port ${port} is already in use, so DynamoDB Local cannot listen on it. Pass a free port, or none to pick one.`, {
      cause: error,
    });
  }
}

function listenOn(port: number): Promise<Server> {
  const server = createServer();
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** What the readiness poll can see of the JVM: its output so far and why it ended, if it did. */
interface JvmState {
  output(): string;
  ended(): string | undefined;
}

async function waitUntilReady(endpoint: string, jvm: JvmState): Promise<void> {
  const { output } = jvm;
  // Loaded once the JVM is on its way (the JVM's start is the long pole, so it goes first).
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'braid', secretAccessKey: 'braid' },
    maxAttempts: 1,
    // A probe may wait as long as the whole start may take (a busy machine makes a cold JVM's first
    // answer slow), and no longer: past that it fails instead of warning and waiting on.
    requestHandler: { connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  try {
    while (jvm.ended() === undefined && !bindFailed(output()) && Date.now() < deadline) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { requestTimeout: Math.max(1, deadline - Date.now()) });
        return;
      } catch (error) {
        lastError = error;
      }
      await sleep(POLL_MS);
    }
  } finally {
    client.destroy();
  }
  const ended = jvm.ended();
  const why = bindFailed(output())
    ? 'could not bind its port'
    : ended === undefined
      ? `did not answer ListTables within ${READY_TIMEOUT_MS / 1000} s (last error: ${String(lastError)})`
      : `${ended} before answering`;
  const Failure = bindFailed(output()) ? DynamoDbLocalPortInUseError : DynamoDbLocalStartError;
  throw new Failure(
    `DynamoDB Local on ${endpoint} ${why}. Its output ends with:\n${output().trim() || '(nothing)'}\n` +
      'If the port is taken, pass another one or none; if Java fails to start, check `java -version` (11+ needed).',
  );
}

/** Jetty's bind failure; the JVM stays alive after it, so its output is the only sign. */
function bindFailed(output: string): boolean {
  return output.includes('java.net.BindException') || output.includes('Could not start server on port');
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Covers platforms without setpriv; 'exit' listeners may only do synchronous work, and kill is.
    process.once('exit', () => {
      for (const jvm of running) jvm.kill('SIGKILL');
    });
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
