import { SANDBOX_ACCOUNT, SANDBOX_REGION } from '../contracts.js';
import { lambdaErrors } from './lambda-errors.js';

/** A function reference split into its name and optional qualifier (version or alias). */
export interface FunctionReference {
  readonly name: string;
  readonly qualifier?: string;
}

// Lambda's own FunctionName pattern: name, partial ARN or full ARN, optionally qualified.
const FUNCTION_NAME_PATTERN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/** The ARN of a function in the sandbox's account, qualified when `qualifier` is given. */
export function functionArn(name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/**
 * Parses what Lambda accepts as a FunctionName: `name`, `name:qualifier`, a partial ARN
 * (`account:function:name`) or a full ARN, each optionally qualified.
 */
export function parseFunctionReference(reference: string): FunctionReference {
  const match = FUNCTION_NAME_PATTERN.exec(reference);
  if (!match) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${reference}' at 'functionName' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN.source}`,
    );
  }
  const name = match[10] as string;
  const qualifier = match[12];
  return qualifier === undefined ? { name } : { name, qualifier };
}
