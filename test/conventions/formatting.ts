import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const prettierBin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');

/**
 * The files under `dir` that Prettier would change, with the configuration and ignore file
 * found there (the repository's own `.prettierrc.json` and `.prettierignore`).
 */
export function unformattedFiles(dir: string): string[] {
  const run = spawnSync(process.execPath, [prettierBin, '--list-different', '.'], { cwd: dir, encoding: 'utf8' });
  // Exit 1 means "some files differ"; anything else non-zero is Prettier failing to run at all.
  if (run.status !== 0 && run.status !== 1) throw new Error(`prettier exited ${run.status}: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line.length > 0);
}
