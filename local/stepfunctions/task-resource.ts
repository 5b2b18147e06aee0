/** A Task's `Resource`, as the sandbox executes it. */
export type TaskResource =
  /** `arn:aws:states:::lambda:invoke` (optimised integration). */
  | { readonly kind: 'lambda-invoke'; readonly callback: boolean; readonly resourceType: string; readonly resourceName: string }
  /** A plain Lambda function ARN: the state input is the payload, the payload is the result. */
  | { readonly kind: 'lambda-function'; readonly functionName: string; readonly resourceType: string; readonly resourceName: string }
  /** `arn:aws:states:::aws-sdk:<service>:<action>` or an optimised `arn:aws:states:::dynamodb:<action>` / `sns:publish`. */
  | {
      readonly kind: 'sdk-call';
      readonly service: string;
      readonly action: string;
      readonly callback: boolean;
      /** How errors are named for Retry/Catch: `Prefix.ErrorName`. */
      readonly errorPrefix: string;
      /** The aws-sdk integrations always name errors with an `Exception` suffix. */
      readonly exceptionSuffix: boolean;
      readonly resourceType: string;
      readonly resourceName: string;
    };

/**
 * PascalCase service names AWS uses in aws-sdk integration errors where capitalising the first
 * letter is not enough (they follow the AWS SDK for Java v2 client names, e.g. `AcmPca`):
 * `arn:aws:states:::aws-sdk:dynamodb:putItem` fails with `DynamoDb.ConditionalCheckFailedException`,
 * while the optimised `arn:aws:states:::dynamodb:putItem` fails with `DynamoDB.…`.
 */
const SDK_ERROR_PREFIXES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDb',
  cloudwatch: 'CloudWatch',
  eventbridge: 'EventBridge',
  acmpca: 'AcmPca',
};

/** Optimised integrations the sandbox runs through `callAwsSdk`, with their error prefixes. */
const OPTIMISED_PREFIXES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDB',
  sns: 'SNS',
};

/** Thrown for a resource the sandbox cannot execute; the execution fails with `States.Runtime`. */
export class UnsupportedTaskResourceError extends Error {
  constructor(resource: string, reason: string) {
    super(
      `The sandbox cannot execute Task resource '${resource}': ${reason}. Supported: arn:aws:states:::lambda:invoke[.waitForTaskToken], Lambda function ARNs, arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken], arn:aws:states:::dynamodb:<action>, arn:aws:states:::sns:publish.`,
    );
    this.name = 'UnsupportedTaskResourceError';
  }
}

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(?::[\w$-]+)?$/;

/** Parses a Task's `Resource` ARN. */
export function parseTaskResource(resource: string): TaskResource {
  if (LAMBDA_FUNCTION_ARN.test(resource)) {
    return { kind: 'lambda-function', functionName: resource, resourceType: 'lambda', resourceName: resource };
  }
  const match = /^arn:aws[\w-]*:states:::(.+)$/.exec(resource);
  if (!match?.[1]) throw new UnsupportedTaskResourceError(resource, 'it is neither a Lambda function ARN nor a Step Functions integration ARN');
  const [integration, pattern, ...extra] = match[1].split('.');
  if (extra.length > 0 || (pattern !== undefined && pattern !== 'waitForTaskToken')) {
    throw new UnsupportedTaskResourceError(resource, `the integration pattern '.${[pattern, ...extra].join('.')}' is not supported`);
  }
  const callback = pattern === 'waitForTaskToken';
  const parts = (integration ?? '').split(':');
  const resourceName = callback ? `${parts.at(-1)}.waitForTaskToken` : (parts.at(-1) ?? '');
  if (parts.length === 2 && parts[0] === 'lambda' && parts[1] === 'invoke') {
    return { kind: 'lambda-invoke', callback, resourceType: 'lambda', resourceName };
  }
  if (parts.length === 3 && parts[0] === 'aws-sdk' && parts[1] && parts[2]) {
    const service = parts[1];
    const errorPrefix = SDK_ERROR_PREFIXES[service] ?? service.charAt(0).toUpperCase() + service.slice(1);
    return { kind: 'sdk-call', service, action: parts[2], callback, errorPrefix, exceptionSuffix: true, resourceType: `aws-sdk:${service}`, resourceName };
  }
  const optimisedPrefix = parts.length === 2 && parts[0] ? OPTIMISED_PREFIXES[parts[0]] : undefined;
  if (optimisedPrefix && parts[0] && parts[1]) {
    return {
      kind: 'sdk-call',
      service: parts[0],
      action: parts[1],
      callback,
      errorPrefix: optimisedPrefix,
      exceptionSuffix: false,
      resourceType: parts[0],
      resourceName,
    };
  }
  throw new UnsupportedTaskResourceError(resource, `the integration '${integration}' is not emulated`);
}

/** The error name Retry/Catch see for an AWS error `code` raised by an SDK-call resource. */
export function integrationErrorName(resource: Extract<TaskResource, { kind: 'sdk-call' }>, code: string): string {
  const name = resource.exceptionSuffix && !code.endsWith('Exception') ? `${code}Exception` : code;
  return `${resource.errorPrefix}.${name}`;
}
