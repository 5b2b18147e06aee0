import { BraidError } from '../functions/core/errors.js';

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

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

/** The distinct `${Name}` placeholders in a definition, sorted. */
export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((match) => match[1]!))].sort();
}

/**
 * Fills every `${Name}` of an ASL definition from `values`. The placeholders and the keys must
 * be the same set: a stray placeholder would reach Step Functions as a literal `${...}` and only
 * fail when that state runs, and an unused key usually means a renamed state.
 *
 * Values may be CDK tokens (e.g. `fn.functionArn`); they are resolved when the template is
 * written, so the synthesized definition is complete and readable by template tests.
 *
 * @throws AslPlaceholderMismatchError when the sets differ
 */
export function substitutePlaceholders(definitionFile: string, definition: string, values: Readonly<Record<string, string>>): string {
  const used = placeholdersOf(definition);
  const keys = Object.keys(values).sort();
  const missingFromMap = used.filter((name) => !keys.includes(name));
  const missingFromDefinition = keys.filter((name) => !used.includes(name));
  if (missingFromMap.length > 0 || missingFromDefinition.length > 0) {
    throw new AslPlaceholderMismatchError(definitionFile, missingFromMap, missingFromDefinition);
  }
  return definition.replace(PLACEHOLDER, (_match, name: string) => values[name]!);
}
