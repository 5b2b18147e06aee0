import { AwsServiceError } from '../http/service.js';

/**
 * The errors Lambda answers with, by the code and HTTP status AWS uses, so the SDK raises the
 * same exception names (and Step Functions' direct integrations the same `Lambda.*` errors).
 */
export const lambdaErrors = {
  /** A function, version or alias that does not exist (404). */
  notFound: (kind: 'Function' | 'Alias', arn: string): AwsServiceError => new AwsServiceError('ResourceNotFoundException', `${kind} not found: ${arn}`, 404),

  /** A request that contradicts Lambda's rules (400). */
  invalidParameter: (message: string): AwsServiceError => new AwsServiceError('InvalidParameterValueException', message, 400),

  /** A value that breaks the API's declared constraints (400). */
  validation: (message: string): AwsServiceError => new AwsServiceError('ValidationException', message, 400),

  /** A resource that already exists (409). */
  conflict: (message: string): AwsServiceError => new AwsServiceError('ResourceConflictException', message, 409),

  /** A stale `RevisionId` (412): someone else changed the resource since it was read. */
  preconditionFailed: (kind: 'alias' | 'function', given: string, current: string): AwsServiceError =>
    new AwsServiceError(
      'PreconditionFailedException',
      `The Revision Id provided (${given}) does not match the latest Revision Id (${current}) of the ${kind}. ` +
        `Call the Get${kind === 'alias' ? 'Alias' : 'Function'} API to retrieve the latest Revision Id and retry.`,
      412,
    ),

  /** An invocation payload that is not JSON (400). */
  invalidRequestContent: (detail: string): AwsServiceError =>
    new AwsServiceError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400),
} as const;
