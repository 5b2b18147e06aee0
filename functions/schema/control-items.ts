import type { BreakerState, KillSwitchState } from '../core/remediation/remediation-policy.js';
import type { BucketState } from '../core/remediation/token-bucket.js';
import { GLOBAL_PARTITION, targetPartition, type ItemKey } from './braid-table-schema.js';
import { SETTINGS_ITEM, settingsOf, type RemediationSettings } from './settings-item.js';

/**
 * The control items of the remediation braid, by sort key. A target's live in its partition
 * (so the detector reads them all with one query), the account's in the global partition.
 * A cooldown's sort key is `COOLDOWN#<action>`, one per repair action.
 */
export const CONTROL_ITEMS = {
  /** A kill switch ({@link KillSwitchItem}), per target and global. */
  killSwitch: 'KILLSWITCH',
  /** A target's repair circuit breaker (`BreakerState`). */
  breaker: 'BREAKER',
  /** A rate-limit token bucket (`BucketState`), per target and global. */
  bucket: 'BUCKET',
  /** The version a target was last left healthy on ({@link KnownGood}). */
  knownGood: 'KNOWN_GOOD',
  /** Who notified people about a target last, and when ({@link EscalationClaim}). */
  escalation: 'ESCALATION',
} as const;

/** The sort-key prefix of a target's cooldowns ({@link Cooldown}), one per repair action. */
export const COOLDOWN_PREFIX = 'COOLDOWN#';

/** One of a target's control items. */
export function targetControlKey(targetName: string, item: (typeof CONTROL_ITEMS)[keyof typeof CONTROL_ITEMS]): ItemKey {
  return { pk: targetPartition(targetName), sk: item };
}

/** The cooldown of one repair action on a target. */
export function cooldownKey(targetName: string, action: string): ItemKey {
  return { pk: targetPartition(targetName), sk: `${COOLDOWN_PREFIX}${action}` };
}

/** One of the account's control items (the settings item has a key of its own: `settingsKey`). */
export function globalControlKey(item: typeof CONTROL_ITEMS.killSwitch | typeof CONTROL_ITEMS.bucket): ItemKey {
  return { pk: GLOBAL_PARTITION, sk: item };
}

/** A kill switch as stored: on or off, with who turned it so, why and when. */
export interface KillSwitchItem {
  readonly on: boolean;
  readonly by?: string;
  readonly reason?: string;
  readonly atMs?: number;
}

/** The version a target was last left healthy on: written when a rollout promotes. */
export interface KnownGood {
  /** The version the promotion put the alias on. */
  readonly current: string;
  /** The version before it, which served production until then: what a repair rolls back to. */
  readonly lastKnownGood: string;
  readonly atMs: number;
  readonly operationId: string;
}

/** The last notification about a target: at most one per quiet window. */
export interface EscalationClaim {
  readonly notifiedAtMs: number;
  readonly operationId: string;
}

/** When an action last repaired a target, and which operation it was. */
export interface Cooldown {
  readonly lastRepairAtMs: number;
  readonly operationId: string;
}

/** Everything the remediation braid keeps per target, read in one query. */
export interface TargetControl {
  readonly killSwitch: KillSwitchState;
  readonly breaker: BreakerState;
  readonly bucket?: BucketState;
  /** Last repair time by action. */
  readonly lastRepairAtMs: Readonly<Record<string, number>>;
  readonly knownGood?: KnownGood;
  readonly lastNotifiedAtMs?: number;
}

/** Account-wide control state. */
export interface GlobalControl {
  readonly killSwitch: KillSwitchState;
  readonly bucket?: BucketState;
  /** As the Braid construct recorded them at deploy time; absent (or unusable) = the defaults apply. */
  readonly settings?: RemediationSettings;
}

/** A target's control items (its partition, by sort key, keys dropped), as one view. */
export function targetControlOf(items: ReadonlyMap<string, Record<string, unknown>>): TargetControl {
  const lastRepairAtMs: Record<string, number> = {};
  for (const [sk, item] of items) if (sk.startsWith(COOLDOWN_PREFIX)) lastRepairAtMs[sk.slice(COOLDOWN_PREFIX.length)] = Number(item.lastRepairAtMs);
  const breaker = items.get(CONTROL_ITEMS.breaker);
  const escalation = items.get(CONTROL_ITEMS.escalation);
  return {
    killSwitch: killSwitchOf(items.get(CONTROL_ITEMS.killSwitch)),
    breaker: breaker
      ? { consecutiveFailures: Number(breaker.consecutiveFailures ?? 0), open: breaker.open === true, openedAtMs: breaker.openedAtMs as number | undefined }
      : { consecutiveFailures: 0, open: false },
    bucket: bucketOf(items.get(CONTROL_ITEMS.bucket)),
    lastRepairAtMs,
    knownGood: items.get(CONTROL_ITEMS.knownGood) as KnownGood | undefined,
    lastNotifiedAtMs: escalation?.notifiedAtMs as number | undefined,
  };
}

/** The account's control items (the global partition, by sort key, keys dropped), as one view. */
export function globalControlOf(items: ReadonlyMap<string, Record<string, unknown>>): GlobalControl {
  return {
    killSwitch: killSwitchOf(items.get(CONTROL_ITEMS.killSwitch)),
    bucket: bucketOf(items.get(CONTROL_ITEMS.bucket)),
    settings: settingsOf(items.get(SETTINGS_ITEM)),
  };
}

/** A kill switch item Braid cannot make sense of counts as unreadable: the policy then fails closed. */
function killSwitchOf(item: Record<string, unknown> | undefined): KillSwitchState {
  if (!item || item.on === false) return { on: false };
  if (item.on !== true) return { unreadable: true, error: `the kill switch item has on = ${JSON.stringify(item.on)}, expected true or false` };
  return { on: true, by: String(item.by ?? 'unknown'), reason: String(item.reason ?? ''), atMs: Number(item.atMs ?? 0) };
}

function bucketOf(item: Record<string, unknown> | undefined): BucketState | undefined {
  return item ? { tokens: Number(item.tokens), updatedAtMs: Number(item.updatedAtMs) } : undefined;
}
