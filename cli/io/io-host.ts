import { createStyle, type Style } from '../output/style.js';
import type { CliIo } from './cli-io.js';
import type { IoCode, IoEvent } from './io-events.js';

/** Moves the cursor up `lines` lines and clears to the end of the screen. */
const erase = (lines: number) => (lines > 0 ? `\x1b[${lines}A\x1b[0J` : '');

/**
 * Routes a command's events to the right stream: results to stdout, everything else to stderr,
 * styled only on a terminal; info is silenced by `BRAID_QUIET`.
 */
export class IoHost {
  /** Colour for human views; plain text unless the output is a terminal and NO_COLOR is unset. */
  readonly style: Style;
  private drawnLines = 0;

  constructor(readonly io: CliIo) {
    this.style = createStyle(io.isTTY && !io.env.NO_COLOR);
  }

  /** Emits one event. */
  notify(event: IoEvent): void {
    if (event.level === 'result') {
      this.io.stdout.write(withNewline(event.message));
      return;
    }
    if (event.level === 'info' && this.io.env.BRAID_QUIET) return;
    const text =
      event.level === 'error'
        ? this.style.red(event.message)
        : event.level === 'warn'
          ? this.style.yellow(event.message)
          : this.style.dim(`· ${event.message}`);
    this.io.stderr.write(withNewline(text));
  }

  /** A result: the human view or a JSON document, on stdout. */
  result(message: string): void {
    this.notify({ code: 'CLI.RESULT', level: 'result', message });
  }

  /** Exactly one JSON document on stdout. */
  json(value: unknown): void {
    this.result(JSON.stringify(value, null, 2));
  }

  /** Progress or a hint on stderr. */
  info(code: IoCode, message: string): void {
    this.notify({ code, level: 'info', message });
  }

  /**
   * Shows a live block on stdout: on a terminal it replaces the block drawn before (one status
   * block that updates in place); elsewhere it is appended, so logs keep every change.
   */
  redraw(block: string): void {
    const text = withNewline(block);
    if (this.io.isTTY) this.io.stdout.write(erase(this.drawnLines) + text);
    else this.io.stdout.write(text);
    this.drawnLines = text.split('\n').length - 1;
  }
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
