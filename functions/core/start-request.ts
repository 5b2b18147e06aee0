import { z } from 'zod';
import { InvalidInputError } from './errors.js';
import { isUlid } from './ids.js';

/** The input of a rollout execution, as the CLI or the deploy trigger sends it. */
export const startRolloutSchema = z.strictObject({
  operationId: z.string().refine(isUlid, 'must be a ULID (26 characters, Crockford base 32)'),
  targetName: z.string().min(1).max(200),
  newVersion: z
    .string()
    .refine((value) => value !== '$LATEST', '$LATEST cannot be rolled out: publish a version first (Lambda routes only between published versions)')
    .refine((value) => /^[1-9][0-9]*$/.test(value), 'must be a published version number such as "7"'),
  requestedBy: z.string().max(200).optional(),
  reason: z.string().max(1000).optional(),
});

/** A validated start request. */
export type StartRolloutRequest = z.infer<typeof startRolloutSchema>;

/** Validates a start request, naming every bad field. */
export function parseStartRequest(input: unknown): StartRolloutRequest {
  const result = startRolloutSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(
    'rollout request',
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
