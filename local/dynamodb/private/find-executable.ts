import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The first executable file called `name` in the directories of `searchPath` (a PATH-style
 * list), or `undefined`.
 * @param searchPath defaults to the process's `PATH`
 */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const directory of searchPath.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here (or not executable): PATH lookup moves on, as a shell would.
    }
  }
  return undefined;
}
