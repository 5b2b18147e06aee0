/**
 * How much an event matters. `result` goes to stdout (what a script captures); every other level
 * goes to stderr so results stay parseable.
 */
export type IoLevel = 'result' | 'error' | 'warn' | 'info';

/** Every event code the CLI emits, with what it means (documented in docs/cli.md). */
export const IO_CODES = {
  'CLI.RESULT': 'a command result: the human view or the JSON document',
  'CLI.ERROR': 'the command failed; the exit code says whose fault',
  'ROLLOUT.DECIDED':
    'an operator action (approve, reject, resume, abort, pause, promote) was recorded or applied, on a rollout or a remediation waiting for approval',
  'SIMULATE.PROGRESS': 'braid simulate is starting DynamoDB Local or running a scenario',
  'SANDBOX.PROGRESS': 'braid sandbox is starting, set up, or ready',
  'ROLLOUT.STARTED': 'a rollout execution was started; how to follow it',
  'ROLLOUT.WATCH': 'a change seen by braid rollout watch --json or braid repair --wait (the live view goes to stderr)',
  'REPAIR.DECIDED': 'braid repair recorded the request and policy decided; what was started and how to follow it',
  'CONTROL.CHANGED': 'a kill switch or a circuit breaker was changed (audited)',
} as const;

/** One of {@link IO_CODES}. */
export type IoCode = keyof typeof IO_CODES;

/** A typed event: what happened (code), how much it matters (level), and the text to show. */
export interface IoEvent {
  readonly code: IoCode;
  readonly level: IoLevel;
  readonly message: string;
}
