import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/** An installed package whose `engines.node` does not accept every Node version Braid declares. */
export interface EnginesConflict {
  readonly name: string;
  readonly version: string;
  readonly path: string;
  readonly node: string;
}

/**
 * The packages installed under `root/node_modules` (nested and scoped ones included) whose
 * `engines.node` excludes some Node version of `declared` (Braid's own `engines.node`): npm would
 * warn about them, or they would break, on a Node that Braid says it supports.
 */
export function enginesConflicts(root: string, declared: string): EnginesConflict[] {
  const conflicts: EnginesConflict[] = [];
  const visit = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const path = join(modules, entry);
      if (entry.startsWith('@')) {
        visit(path);
        continue;
      }
      const manifest = join(path, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name, version, engines } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; engines?: { node?: unknown } };
      const node = engines?.node;
      if (typeof node === 'string' && !semver.subset(declared, node)) conflicts.push({ name, version, path, node });
      visit(join(path, 'node_modules'));
    }
  };
  visit(join(root, 'node_modules'));
  return conflicts;
}
