import { AwsServiceError } from '../http/service.js';

const SEGMENT = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]/y;

/** Splits a target's `InputPath` (`$`, `$.detail.state`, `$.resources[0]`) into keys. */
export function parseInputPath(path: string): Array<string | number> {
  if (!path.startsWith('$')) throw invalidPath(path);
  const keys: Array<string | number> = [];
  let index = 1;
  while (index < path.length) {
    SEGMENT.lastIndex = index;
    const match = SEGMENT.exec(path);
    if (!match) throw invalidPath(path);
    keys.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]!));
    index = SEGMENT.lastIndex;
  }
  return keys;
}

function invalidPath(path: string): AwsServiceError {
  return new AwsServiceError(
    'ValidationException',
    `InputPath ${JSON.stringify(path)} is not valid: the sandbox supports JSONPath of the form $.field.sub, $.list[0] or $['field'].`,
  );
}

/** The part of `event` an `InputPath` selects, or undefined when the event has no such part. */
export function selectInputPath(event: unknown, path: string): unknown {
  let node: unknown = event;
  for (const key of parseInputPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
