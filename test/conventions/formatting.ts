import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const prettierBin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');

/** How {@link unformattedFiles} runs Prettier. */
export interface UnformattedFilesOptions {
  /**
   * Keep a Prettier cache in `<dir>/node_modules/.cache/braid-formatting`: a file whose content,
   * Prettier version and options are unchanged since it was last found formatted is not
   * formatted again, which turns a whole-tree check of about 10 s of CPU into about 1 s.
   * @default false
   */
  readonly cache?: boolean;
}

/**
 * The files under `dir` that Prettier would change, with the configuration and ignore file
 * found there (the repository's own `.prettierrc.json` and `.prettierignore`).
 */
export function unformattedFiles(dir: string, options: UnformattedFilesOptions = {}): string[] {
  // A location of its own: any Prettier run without --cache deletes the default cache file.
  const cache = options.cache ? ['--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/braid-formatting/prettier-cache'] : [];
  const run = spawnSync(process.execPath, [prettierBin, '--list-different', ...cache, '.'], { cwd: dir, encoding: 'utf8' });
  // Exit 1 means "some files differ"; anything else non-zero is Prettier failing to run at all.
  if (run.status !== 0 && run.status !== 1) throw new Error(`prettier exited ${run.status}: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line.length > 0);
}
