import type { SeededRandom } from '../random.js';
import { functionArn } from './function-arns.js';
import { lambdaErrors } from './lambda-errors.js';
import type { AliasView, FunctionVersionView, VersionWeights } from './model.js';

const LATEST = '$LATEST';
const VERSION_PATTERN = /^(\$LATEST|[0-9]+)$/;

/**
 * Checks an alias target the way Lambda does before CreateAlias/UpdateAlias applies it: the
 * primary version exists; routing names at most one additional version, published, different
 * from the primary, never `$LATEST`, with a weight in [0, 1], and sharing the primary's
 * execution role and dead-letter config.
 * @param versions the function's published versions, by version string
 */
export function validateAliasTarget(
  functionName: string,
  versions: ReadonlyMap<string, FunctionVersionView>,
  functionVersion: string,
  weights: VersionWeights,
): void {
  if (!VERSION_PATTERN.test(functionVersion)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${functionVersion}' at 'functionVersion' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: ${VERSION_PATTERN.source}`,
    );
  }
  if (functionVersion !== LATEST && !versions.has(functionVersion)) {
    throw lambdaErrors.notFound('Function', functionArn(functionName, functionVersion));
  }
  const entries = Object.entries(weights);
  if (entries.length === 0) return;
  if (entries.length > 1) {
    throw lambdaErrors.invalidParameter(
      `Number of items in AdditionalVersionWeights must be at most 1, got ${entries.length} ` +
        `(versions ${entries.map(([version]) => version).join(', ')}). Route traffic to one additional version at a time.`,
    );
  }
  const [[additional, weight]] = entries as [[string, number]];
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
    // A modelled range constraint: Lambda rejects it in request validation, before any business rule.
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${String(weight)}' at 'routingConfig.additionalVersionWeights.${additional}' failed to satisfy constraint: ` +
        `Member must have value ${weight < 0 ? 'greater than or equal to 0.0' : 'less than or equal to 1.0'}`,
    );
  }
  if (functionVersion === LATEST || additional === LATEST) {
    throw lambdaErrors.invalidParameter(
      '$LATEST is not supported for an alias pointing to more than 1 version. Point the alias and its routing at published versions.',
    );
  }
  if (additional === functionVersion) {
    throw lambdaErrors.invalidParameter(
      `The additional version ${additional} is the alias's primary version. Route to a different version, or clear the routing with {}.`,
    );
  }
  const primary = versions.get(functionVersion) as FunctionVersionView;
  const secondary = versions.get(additional);
  if (!VERSION_PATTERN.test(additional) || secondary === undefined) {
    throw lambdaErrors.invalidParameter(
      `Version ${additional} in AdditionalVersionWeights is not a published version of ${functionName}. Publish it with PublishVersion first.`,
    );
  }
  if (primary.role !== secondary.role) {
    throw lambdaErrors.invalidParameter(
      `Versions ${functionVersion} and ${additional} of ${functionName} have different execution roles ` +
        `(${primary.role} and ${secondary.role}). Routing needs both versions to use the same role; publish a version with the primary's role.`,
    );
  }
  if (primary.deadLetterTargetArn !== secondary.deadLetterTargetArn) {
    throw lambdaErrors.invalidParameter(
      `Versions ${functionVersion} and ${additional} of ${functionName} have different dead-letter configs ` +
        `(${primary.deadLetterTargetArn ?? 'none'} and ${secondary.deadLetterTargetArn ?? 'none'}). ` +
        "Routing needs both versions to use the same dead-letter queue; publish a version with the primary's config.",
    );
  }
}

/** The version one invocation through `alias` runs: the additional version with its weight's probability. */
export function pickAliasVersion(alias: AliasView, random: SeededRandom): string {
  const [entry] = Object.entries(alias.additionalVersionWeights);
  if (entry === undefined) return alias.functionVersion;
  const [additional, weight] = entry;
  return random.next() < weight ? additional : alias.functionVersion;
}
