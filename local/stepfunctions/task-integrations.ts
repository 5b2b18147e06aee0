/** What `invokeLambda` answers: Lambda's Invoke response, in-process. */
export interface LambdaInvocation {
  readonly statusCode: number;
  /** `Unhandled` or `Handled` when the function failed, as in `X-Amz-Function-Error`. */
  readonly functionError?: string;
  /** The function's result, or its error object (`errorType`, `errorMessage`, `trace`). */
  readonly payload: unknown;
  readonly executedVersion: string;
}

/**
 * How the Step Functions sandbox executes Task resources: the seam between the interpreter and
 * the other emulated services.
 */
export interface TaskIntegrations {
  /** `arn:aws:states:::lambda:invoke` (and plain Lambda function ARNs): invoke in-process. */
  invokeLambda(functionName: string, payload: unknown): Promise<LambdaInvocation>;
  /**
   * `arn:aws:states:::aws-sdk:<service>:<action>` and optimised `arn:aws:states:::dynamodb:<action>`:
   * call the AWS API (parameters in PascalCase, as in the ASL; `action` as in the resource, e.g.
   * `updateAlias`). Must throw an error whose `name` is the AWS error code
   * (e.g. `PreconditionFailedException`).
   */
  callAwsSdk(service: string, action: string, parameters: Record<string, unknown>): Promise<unknown>;
}
