/**
 * Braid's error hierarchy. Every error carries a stable `code` (the name Step Functions sees
 * as `Error`, so ASL `Catch` clauses and the CLI can match on it) and whose fault it is. Codes
 * are listed, with their meaning, in the registry `error-codes.ts`.
 */
import type { BraidErrorCode, Fault } from './error-codes.js';

export type { Fault } from './error-codes.js';

/** Base class of every error Braid raises on purpose. */
export abstract class BraidError extends Error {
  /** A code of the registry: an unregistered code does not compile. */
  abstract readonly code: BraidErrorCode;
  abstract readonly fault: Fault;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** The error's name is its code, so Step Functions reports it as `Error`. */
  override get name(): string {
    return this.code;
  }
}

/** One problem found in some input, located by a dotted path. */
export interface InputIssue {
  /** Where the problem is, e.g. `steps[1].weight`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/**
 * One issue as a person reads it: `path: message`, with `root` standing for the empty path
 * (`(root)` unless the caller names the whole input otherwise, e.g. `(file)`).
 */
export function describeIssue(issue: InputIssue, root = '(root)'): string {
  return `${issue.path || root}: ${issue.message}`;
}

/**
 * Issues as one line: `path: message; path: message`, naming at most `maxShown` of them (all by
 * default) and then how many more there are.
 */
export function describeIssues(issues: readonly InputIssue[], maxShown = Infinity): string {
  const shown = issues.slice(0, maxShown).map((issue) => describeIssue(issue));
  const hidden = issues.length - shown.length;
  return shown.join('; ') + (hidden > 0 ? `; and ${hidden} more` : '');
}

/** Input (a start request, a scenario, a strategy) is malformed; nothing was changed. */
export class InvalidInputError extends BraidError {
  readonly code = 'Braid.InvalidInput';
  readonly fault = 'user';

  constructor(
    readonly subject: string,
    readonly issues: readonly InputIssue[],
  ) {
    super(`Invalid ${subject}: ${describeIssues(issues)}`);
  }
}

/** The named target is not in the registry. */
export class UnknownTargetError extends BraidError {
  readonly code = 'Braid.UnknownTarget';
  readonly fault = 'user';

  constructor(readonly targetName: string) {
    super(`Target "${targetName}" is not registered. Declare it with a RolloutTarget construct (or in the scenario's targets) and deploy first.`);
  }
}

/** Another operation holds the target's lease. */
export class TargetBusyError extends BraidError {
  readonly code = 'Braid.TargetBusy';
  readonly fault = 'user';

  constructor(
    readonly targetName: string,
    readonly holder: string,
  ) {
    super(`Target "${targetName}" is busy: operation ${holder} holds its lease. Wait for it to finish or abort it, then start again.`);
  }
}

/** This operation no longer holds the lease (expired and taken, or released): it must not mutate. */
export class LeaseLostError extends BraidError {
  readonly code = 'Braid.LeaseLost';
  readonly fault = 'environment';

  constructor(
    readonly targetName: string,
    readonly operationId: string,
    readonly epoch: number,
    options?: { cause?: unknown },
  ) {
    super(`Operation ${operationId} no longer holds the lease on "${targetName}" at epoch ${epoch}; refusing to mutate.`, options);
  }
}

/** The alias is not in a state the operation expects, e.g. someone changed it behind Braid's back. */
export class AliasStateError extends BraidError {
  readonly code = 'Braid.AliasState';
  readonly fault = 'environment';
}
