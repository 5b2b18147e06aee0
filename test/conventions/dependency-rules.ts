import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const depcruiseBin = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** The repository's dependency rules, read by `npx depcruise --config` as well. */
export const DEPENDENCY_RULES_FILE = join(root, '.dependency-cruiser.json');

/** The folders whose imports the rules govern: the source tree, not the tests. */
export const SOURCE_DIRS = ['functions', 'infra', 'local', 'cli', 'statemachines', 'bench', 'scripts'] as const;

/** One import that breaks a rule; for a cycle, `cycle` lists the ring of modules after `from`. */
export interface DependencyViolation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly string[];
}

interface CruiseViolation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: ReadonlyArray<{ readonly name: string }>;
}

/**
 * Runs dependency-cruiser over the source folders of `dir` (those that exist) with the
 * repository's rules, as `npx depcruise <folders> --config .dependency-cruiser.json` does,
 * and returns every violation, sorted. Paths are relative to `dir`.
 */
export function dependencyViolations(dir: string): DependencyViolation[] {
  const folders = SOURCE_DIRS.filter((folder) => existsSync(join(dir, folder)));
  const run = spawnSync(process.execPath, [depcruiseBin, ...folders, '--config', DEPENDENCY_RULES_FILE, '--output-type', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`dependency-cruiser exited ${run.status}: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: CruiseViolation[] } };
  return result.summary.violations
    .map((violation) => ({
      rule: violation.rule.name,
      from: violation.from,
      to: violation.to,
      ...(violation.cycle ? { cycle: violation.cycle.map((step) => step.name) } : {}),
    }))
    .sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));
}
