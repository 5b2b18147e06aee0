import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the folder holding `package.json`, `functions/` and `statemachines/`. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the Lambda task handlers live. */
export const HANDLERS_DIR = join(PROJECT_ROOT, 'functions', 'handlers');

/** Where the ASL definitions live. */
export const STATE_MACHINES_DIR = join(PROJECT_ROOT, 'statemachines');

/** The lock file esbuild bundling resolves dependencies against. */
export const LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');
