import { systemClock, type Clock } from '../../functions/core/clock.js';

/** Something text can be written to: a process stream, or a buffer in tests. */
export interface TextWriter {
  write(text: string): unknown;
}

/**
 * What a command may touch of its process: two output streams, whether they are a terminal, and
 * the environment. `main(argv, io)` takes one so tests run commands in-process and read their output.
 */
export interface CliIo {
  /** Results only: what a script captures. */
  readonly stdout: TextWriter;
  /** Progress, hints, warnings and errors. */
  readonly stderr: TextWriter;
  /** True when the output is a terminal: enables colour and live redraws. */
  readonly isTTY: boolean;
  /** Where `BRAID_*` configuration, `NO_COLOR` and `BRAID_QUIET` are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The clock operator actions are stamped with (requests, decisions, kill switches). A test
   * passes the sandbox's virtual clock so both sides agree on time. @default the system clock
   */
  readonly clock?: Clock;
}

/** The clock commands stamp what they write with. */
export function cliClock(io: CliIo): Clock {
  return io.clock ?? systemClock;
}

/** The running process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
    env: process.env,
  };
}
