/** A progress line on stderr (stdout carries results only). Silent when BRAID_QUIET is set. */
export function progress(message: string): void {
  if (process.env.BRAID_QUIET) return;
  process.stderr.write(`${process.stderr.isTTY ? '\x1b[2m' : ''}· ${message}${process.stderr.isTTY ? '\x1b[0m' : ''}\n`);
}
