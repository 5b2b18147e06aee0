/** What a Catch clause writes at its `ResultPath`: the error's name and, usually, its cause. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** The human part of a Step Functions `Cause`, which for Lambda errors is a JSON document. */
export function causeText(cause: string | undefined): string {
  if (!cause) return 'no cause given';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: the cause is already text.
  }
  return cause;
}
