import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';

/** Options of {@link operationContext}. */
export interface OperationContextOptions {
  /** The logger whose lines get the operation's keys. */
  readonly logger: Logger;
}

const KEYS = ['operationId', 'target', 'step'] as const;

/**
 * Puts the operation id, target and step on every log line of the invocation, read from the
 * state the task receives, and takes them off again afterwards so a warm container never
 * logs one operation's id on the next one's lines.
 */
export function operationContext(options: OperationContextOptions): MiddlewareObj<Record<string, unknown>> {
  const unknownKeys = Object.keys(options).filter((key) => key !== 'logger');
  if (unknownKeys.length > 0) throw new TypeError(`operationContext: unknown option(s) ${unknownKeys.join(', ')}; the only option is "logger"`);
  const { logger } = options;
  const clear = () => logger.removeKeys([...KEYS]);
  return {
    before: (request) => {
      // A callback task wraps the state as `{ token, state }`.
      const event = ((request.event ?? {}).state ?? request.event ?? {}) as Record<string, unknown>;
      const shift = event.shift as { index?: number } | undefined;
      logger.appendKeys({
        operationId: typeof event.operationId === 'string' ? event.operationId : undefined,
        target: typeof event.targetName === 'string' ? event.targetName : undefined,
        step: typeof shift?.index === 'number' ? shift.index : undefined,
      });
    },
    after: clear,
    onError: clear,
  };
}
