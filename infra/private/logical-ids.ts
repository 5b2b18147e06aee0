import { createHash } from 'node:crypto';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

// aws-cdk-lib's naming rules for logical ids (core/lib/private/uniqueid), which it does not export.
const HIDDEN_ID = 'Default';
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const HASH_LENGTH = 8;
const MAX_HUMAN_LENGTH = 240;
const MAX_ID_LENGTH = 255;

/**
 * The logical id CDK's default naming gives a CloudFormation element at `path`, the construct
 * ids from just below its stack down to the element (e.g. `['Braid', 'Table', 'Resource']` →
 * `BraidTable8F5F0E10`): the ids without `Default`, run together without `Resource` and
 * non-alphanumerics, then the first 8 hex digits of the MD5 of the path.
 */
export function logicalIdAt(path: readonly string[]): string {
  const components = path.filter((id) => id !== HIDDEN_ID);
  if (components.length === 1 && alphanumeric(components[0]!).length <= MAX_ID_LENGTH) return alphanumeric(components[0]!);
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, HASH_LENGTH).toUpperCase();
  const human = withoutRepeats(components)
    .filter((id) => id !== HIDDEN_FROM_HUMAN_ID)
    .map(alphanumeric)
    .join('')
    .slice(0, MAX_HUMAN_LENGTH);
  return human + hash;
}

/**
 * Gives the CloudFormation elements under the children of `group` listed in `earlierIds` the
 * logical ids they had when those children sat directly in `group`'s parent, each under the id
 * `earlierIds` maps it to. Children not listed keep the ids of their place in the tree.
 *
 * This is how a construct gathers resources that used to sit directly in its parent without
 * CloudFormation replacing them: a new logical id means a new resource and the old one deleted.
 * List only children that existed before, so that two groups never claim one id. Call it once
 * the listed resources exist and before anything renders their ids (a grant that adds to an
 * existing policy is fine).
 */
export function keepEarlierLogicalIds(group: IConstruct, earlierIds: Readonly<Record<string, string>>): void {
  const parentPath = idsBelow(Stack.of(group), group).slice(0, -1);
  for (const element of group.node.findAll()) {
    if (!CfnElement.isCfnElement(element)) continue;
    const [child, ...rest] = idsBelow(group, element);
    const earlierId = earlierIds[child!];
    if (earlierId !== undefined) element.overrideLogicalId(logicalIdAt([...parentPath, earlierId, ...rest]));
  }
}

/** The ids of the constructs from just below `ancestor` down to `construct` itself. */
function idsBelow(ancestor: IConstruct, construct: IConstruct): string[] {
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(ancestor) + 1).map((scope) => scope.node.id);
}

function alphanumeric(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '');
}

/** Drops an id that the id kept before it ends with (`CheckoutTable/Table` reads `CheckoutTable`, not `CheckoutTableTable`). */
function withoutRepeats(ids: readonly string[]): string[] {
  const kept: string[] = [];
  for (const id of ids) {
    if (kept.length === 0 || !kept[kept.length - 1]!.endsWith(id)) kept.push(id);
  }
  return kept;
}
