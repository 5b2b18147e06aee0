import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Options of {@link busyCores}. */
export interface BusyCoresOptions {
  /** How many threads spin. @default - one per core (`os.availableParallelism()`) */
  readonly threads?: number;
  /** Real milliseconds each slice spins. @default 20 */
  readonly spinMs?: number;
  /** Real milliseconds each thread rests between slices. @default 1 */
  readonly pauseMs?: number;
  /** Real milliseconds after which a thread stops on its own, should nobody stop it. @default 600000 */
  readonly maxMs?: number;
}

/** Threads keeping the machine's cores busy until `stop()`. */
export interface BusyCores {
  stop(): Promise<void>;
}

// Spins in short slices with short rests, and checks the stop flag between slices, so the load
// is bounded and ends promptly.
const SPINNER = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
const giveUpAt = Date.now() + workerData.maxMs;
while (Atomics.load(flag, 0) === 0 && Date.now() < giveUpAt) {
  const sliceEnd = Date.now() + workerData.spinMs;
  while (Date.now() < sliceEnd) {}
  Atomics.wait(flag, 0, 0, workerData.pauseMs);
}
`;

/**
 * Saturates the machine with bounded busy loops in worker threads (the process's own event loop
 * stays free): for checking that results do not depend on load, and for benches that measure
 * under load.
 */
export function busyCores(options: BusyCoresOptions = {}): BusyCores {
  const flag = new SharedArrayBuffer(4);
  const workerData = { flag, spinMs: options.spinMs ?? 20, pauseMs: options.pauseMs ?? 1, maxMs: options.maxMs ?? 600_000 };
  const workers = Array.from({ length: options.threads ?? availableParallelism() }, () => new Worker(SPINNER, { eval: true, workerData }));
  const exited = workers.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
  return {
    stop: async () => {
      const view = new Int32Array(flag);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      await Promise.all(exited);
    },
  };
}
