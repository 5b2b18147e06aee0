import { BraidError } from '../functions/core/errors.js';
import { RETRY_POLICIES, type Retrier, type RetryPolicyName } from './retry-policies.js';

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
const RETRY_REFERENCE = /^\$\{Retry\.([A-Za-z0-9_]+)\}$/;

/** The placeholders an ASL definition and its substitution map disagree on. */
export class AslPlaceholderMismatchError extends BraidError {
  readonly code = 'Braid.AslPlaceholderMismatch';
  readonly fault = 'braid';

  constructor(
    readonly definitionFile: string,
    readonly missingFromMap: readonly string[],
    readonly missingFromDefinition: readonly string[],
  ) {
    const problems: string[] = [];
    if (missingFromMap.length > 0) {
      problems.push(`used in the definition but not in the substitution map: ${missingFromMap.join(', ')}`);
    }
    if (missingFromDefinition.length > 0) {
      problems.push(`in the substitution map but not used in the definition: ${missingFromDefinition.join(', ')}`);
    }
    super(
      `State machine ${definitionFile} and its substitution map disagree: ${problems.join('; ')}. ` +
        'Make the ${...} placeholders in the file and the keys of the map the same set.',
    );
  }
}

/** A `Retry` entry of an ASL definition that names no retry policy of `statemachines/retry-policies.ts`. */
export class UnknownRetryPolicyError extends BraidError {
  readonly code = 'Braid.UnknownRetryPolicy';
  readonly fault = 'braid';

  constructor(
    readonly definitionFile: string,
    /** The state, as a dotted path through Parallel branches and Map processors. */
    readonly state: string,
    readonly index: number,
    readonly entry: unknown,
  ) {
    super(
      `State machine ${definitionFile}: ${state}.Retry[${index}] is ${JSON.stringify(entry)}, which names no retry policy. ` +
        `Write "\${Retry.<Name>}" with a Name defined in statemachines/retry-policies.ts: ${Object.keys(RETRY_POLICIES).join(', ')}.`,
    );
  }
}

/** The distinct `${Name}` placeholders in a definition, sorted (retry policy references are not placeholders). */
export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((match) => match[1]!))].sort();
}

/** The fields of an ASL scope and state that hold retriers or nested scopes. */
interface Scope {
  States?: Record<string, { Retry?: unknown[]; Branches?: Scope[]; ItemProcessor?: Scope; Iterator?: Scope }>;
}

function isRetryPolicyName(name: string): name is RetryPolicyName {
  return Object.hasOwn(RETRY_POLICIES, name);
}

/** Replaces, in place, every `"${Retry.<Name>}"` of every `Retry` array of `scope` and of the scopes nested in it. */
function expandRetries(definitionFile: string, scope: Scope, prefix: string): void {
  for (const [name, state] of Object.entries(scope.States ?? {})) {
    const path = `${prefix}${name}`;
    if (Array.isArray(state.Retry)) {
      state.Retry = state.Retry.map((entry, index): Retrier => {
        const policy = typeof entry === 'string' ? RETRY_REFERENCE.exec(entry)?.[1] : undefined;
        if (policy === undefined || !isRetryPolicyName(policy)) throw new UnknownRetryPolicyError(definitionFile, path, index, entry);
        return RETRY_POLICIES[policy].retrier;
      });
    }
    for (const [index, branch] of (state.Branches ?? []).entries()) expandRetries(definitionFile, branch, `${path}.Branches[${index}].`);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) expandRetries(definitionFile, processor, `${path}.ItemProcessor.`);
  }
}

/**
 * Loads an ASL definition the way both CDK and the sandbox use it:
 * - every `Retry` entry is a reference `"${Retry.<Name>}"` to a policy of
 *   `statemachines/retry-policies.ts`, replaced by that policy's retrier, so the files name their
 *   retry behaviour instead of repeating it;
 * - every other `${Name}` is filled from `values`. The placeholders and the keys must be the same
 *   set: a stray placeholder would reach Step Functions as a literal `${...}` and only fail when
 *   that state runs, and an unused key usually means a renamed state.
 *
 * Values may be CDK tokens (e.g. `fn.functionArn`); they are resolved when the template is
 * written, so the synthesized definition is complete and readable by template tests.
 *
 * @returns the definition as indented JSON
 * @throws UnknownRetryPolicyError when a `Retry` entry is not a reference to a defined policy
 * @throws AslPlaceholderMismatchError when the placeholders and the keys differ
 */
export function substitutePlaceholders(definitionFile: string, definition: string, values: Readonly<Record<string, string>>): string {
  let parsed: Scope;
  try {
    parsed = JSON.parse(definition) as Scope;
  } catch (error) {
    throw new SyntaxError(`State machine ${definitionFile} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  expandRetries(definitionFile, parsed, '');
  const expanded = JSON.stringify(parsed, null, 2);
  const used = placeholdersOf(expanded);
  const keys = Object.keys(values).sort();
  const missingFromMap = used.filter((name) => !keys.includes(name));
  const missingFromDefinition = keys.filter((name) => !used.includes(name));
  if (missingFromMap.length > 0 || missingFromDefinition.length > 0) {
    throw new AslPlaceholderMismatchError(definitionFile, missingFromMap, missingFromDefinition);
  }
  return expanded.replace(PLACEHOLDER, (_match, name: string) => values[name]!);
}
