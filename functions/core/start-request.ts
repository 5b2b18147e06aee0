import * as z from 'zod/mini';
import { InvalidInputError } from './errors.js';
import { isUlid } from './ids.js';
import { parseInput } from './input-issues.js';

/** The input of a rollout execution, as the CLI or the deploy trigger sends it. */
export const startRolloutSchema = z.strictObject({
  operationId: z.string().check(z.refine(isUlid, 'must be a ULID (26 characters, Crockford base 32)')),
  targetName: z.string().check(z.minLength(1), z.maxLength(200)),
  newVersion: z.string().check(
    z.refine((value) => value !== '$LATEST', '$LATEST cannot be rolled out: publish a version first (Lambda routes only between published versions)'),
    // $LATEST has its own message above: one problem, one line.
    z.refine((value) => value === '$LATEST' || /^[1-9][0-9]*$/.test(value), 'must be a published version number such as "7"'),
  ),
  requestedBy: z.optional(z.string().check(z.maxLength(200))),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

/** A validated start request. */
export type StartRolloutRequest = z.infer<typeof startRolloutSchema>;

/** Validates a start request, naming every bad field. */
export function parseStartRequest(input: unknown): StartRolloutRequest {
  const result = parseInput(startRolloutSchema, input);
  if (result.success) return result.data;
  throw new InvalidInputError('rollout request', result.issues);
}
