import { AwsServiceError } from '../http/service.js';

/** Characters AWS refuses in state machine and execution names (besides whitespace and controls). */
const FORBIDDEN = /[\s:/?*"<>{}[\]#%\\^|~`$&,;\u0000-\u001f\u007f-\u009f]/u;

/**
 * Checks a state machine or execution name as AWS does: 1 to 80 characters, no whitespace, no
 * `: / ? * " < > { } [ ] # % \ ^ | ~ \` $ & , ;` and no control characters.
 * @throws AwsServiceError `InvalidName`
 */
export function assertValidName(kind: 'execution' | 'state machine', name: string): void {
  if (name.length < 1 || name.length > 80) {
    throw new AwsServiceError('InvalidName', `Invalid Name: '${name}': the ${kind} name must be 1 to 80 characters, got ${name.length}.`);
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    throw new AwsServiceError(
      'InvalidName',
      `Invalid Name: '${name}': the ${kind} name contains ${JSON.stringify(bad[0])}; whitespace, control characters and : / ? * " < > { } [ ] # % \\ ^ | ~ \` $ & , ; are not allowed.`,
    );
  }
}
