import { DEFAULT_REMEDIATION_SETTINGS, type RemediationSettings } from '../../functions/remediation/remediation-deps.js';
import { InvalidConfigurationError } from '../errors.js';

/**
 * The account-wide repair rate limit the policy applies to `braid repair`: the Braid construct's
 * setting, given to the CLI by the same variables its tasks read (`BRAID_GLOBAL_REPAIR_BURST`,
 * `BRAID_GLOBAL_REPAIR_REFILL_SECONDS`). @default DEFAULT_REMEDIATION_SETTINGS
 */
export function remediationSettingsFrom(env: Readonly<Record<string, string | undefined>>): RemediationSettings {
  const defaults = DEFAULT_REMEDIATION_SETTINGS.globalRateLimit;
  return {
    globalRateLimit: {
      capacity: positiveWhole(env, 'BRAID_GLOBAL_REPAIR_BURST', defaults.capacity),
      refillSeconds: positiveWhole(env, 'BRAID_GLOBAL_REPAIR_REFILL_SECONDS', defaults.refillSeconds),
    },
  };
}

function positiveWhole(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidConfigurationError(`${name} must be a whole number >= 1 (the Braid construct's setting), got "${raw}".`);
  return value;
}
