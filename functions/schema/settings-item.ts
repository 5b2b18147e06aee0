import type { BucketPolicy } from '../core/remediation/token-bucket.js';
import { GLOBAL_PARTITION, type ItemKey } from './braid-table-schema.js';

/** Account-wide remediation settings, written by the Braid construct at deploy time. */
export interface RemediationSettings {
  /** One token bucket shared by every target: how many repairs may run in a burst, and how fast it refills. */
  readonly globalRateLimit: BucketPolicy;
}

/** What applies when the table holds no usable settings item: 10 repairs in a burst, one more every 6 minutes. */
export const DEFAULT_REMEDIATION_SETTINGS: RemediationSettings = { globalRateLimit: { capacity: 10, refillSeconds: 360 } };

/** The sort key of the settings item in the global partition. */
export const SETTINGS_ITEM = 'SETTINGS';

/** The key of the account-wide settings item. */
export function settingsKey(): ItemKey {
  return { pk: GLOBAL_PARTITION, sk: SETTINGS_ITEM };
}

/** The settings item, keys included. */
export function settingsItem(settings: RemediationSettings): ItemKey & RemediationSettings {
  return { ...settingsKey(), globalRateLimit: { capacity: settings.globalRateLimit.capacity, refillSeconds: settings.globalRateLimit.refillSeconds } };
}

/** The settings item's global rate limit, if it is one the token bucket can use; anything else counts as no settings. */
export function settingsOf(item: Record<string, unknown> | undefined): RemediationSettings | undefined {
  const limit = item?.globalRateLimit as { capacity?: unknown; refillSeconds?: unknown } | undefined;
  const whole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 1;
  return limit && whole(limit.capacity) && whole(limit.refillSeconds)
    ? { globalRateLimit: { capacity: Number(limit.capacity), refillSeconds: Number(limit.refillSeconds) } }
    : undefined;
}
