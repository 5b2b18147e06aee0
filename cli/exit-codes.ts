/** The `braid` command's exit codes, documented in the README. */
export const EXIT = {
  /** The command ran (whatever the outcome of the rollouts it ran). */
  ok: 0,
  /** Braid itself failed. */
  internal: 1,
  /** The input (a scenario, an option) is invalid; nothing was started. */
  invalidInput: 2,
} as const;
