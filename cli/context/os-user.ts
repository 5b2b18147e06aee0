import { userInfo } from 'node:os';

/** The person at the keyboard, for `requestedBy` and `--by` defaults. */
export function osUser(env: Readonly<Record<string, string | undefined>>): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
