import { createHash } from 'node:crypto';
import { AwsServiceError } from '../http/service.js';

/** How a callback task ended: SendTaskSuccess (output is JSON text) or SendTaskFailure. */
export type TaskTokenOutcome =
  { readonly kind: 'success'; readonly output: string } | { readonly kind: 'failure'; readonly error?: string; readonly cause?: string };

/** A callback task waiting on its token. */
export interface TokenWait {
  readonly outcome: Promise<TaskTokenOutcome>;
  /** Retires the token: later SendTask* calls get `TaskTimedOut`, as on AWS. */
  close(): void;
}

/** What the waiting task is told, synchronously, while SendTask* is being processed. */
export interface TokenListener {
  /** SendTaskHeartbeat arrived. */
  readonly onHeartbeat: () => void;
  /** SendTaskSuccess or SendTaskFailure arrived: the task takes the clock back before the call returns. */
  readonly onSettle: () => void;
}

interface TokenRecord {
  open: boolean;
  readonly settle: (outcome: TaskTokenOutcome) => void;
  readonly listener: TokenListener;
}

/**
 * Issues task tokens for `.waitForTaskToken` tasks and routes SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat to the task waiting on them. Tokens are derived from a seed and a counter, so
 * a replayed scenario sees the same tokens.
 */
export class TaskTokenBroker {
  private readonly tokens = new Map<string, TokenRecord>();
  private minted = 0;

  constructor(private readonly seed: string) {}

  /** A fresh opaque token, not yet waited on. */
  mint(executionArn: string): string {
    this.minted += 1;
    const digest = createHash('sha256').update(`${this.seed}\n${executionArn}\n${this.minted}`).digest('base64url');
    return `AQ${digest}${createHash('sha256').update(digest).digest('base64url')}`;
  }

  /** Starts waiting on `token`; an outcome sent before the wait is awaited is kept, not lost. */
  open(token: string, listener: TokenListener): TokenWait {
    let settle!: (outcome: TaskTokenOutcome) => void;
    const promise = new Promise<TaskTokenOutcome>((resolve) => {
      settle = resolve;
    });
    const record: TokenRecord = { open: true, settle, listener };
    this.tokens.set(token, record);
    return {
      outcome: promise,
      close: () => {
        record.open = false;
      },
    };
  }

  /** SendTaskSuccess: `output` must already be validated JSON text. */
  succeed(token: string, output: string): void {
    this.take(token).settle({ kind: 'success', output });
  }

  /** SendTaskFailure. */
  fail(token: string, error: string | undefined, cause: string | undefined): void {
    this.take(token).settle({ kind: 'failure', error, cause });
  }

  /** SendTaskHeartbeat: keeps the token open and restarts the task's heartbeat timer. */
  heartbeat(token: string): void {
    this.lookup(token).listener.onHeartbeat();
  }

  private take(token: string): TokenRecord {
    const record = this.lookup(token);
    record.open = false;
    record.listener.onSettle();
    return record;
  }

  private lookup(token: string): TokenRecord {
    const record = this.tokens.get(token);
    if (!record)
      throw new AwsServiceError(
        'InvalidToken',
        `Invalid Token: '${token.slice(0, 64)}' was never issued by this Step Functions sandbox. Pass the $$.Task.Token value the task received.`,
      );
    if (!record.open)
      throw new AwsServiceError('TaskTimedOut', 'Task Timed Out: the task of this token has already completed, failed, timed out or its execution has ended.');
    return record;
  }
}
