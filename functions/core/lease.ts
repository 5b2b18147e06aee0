import { plannedSeconds, type RolloutStep } from './rollout-plan.js';

/** A target's lease as stored: who holds it, until when, and its fencing epoch. */
export interface LeaseRecord {
  readonly targetName: string;
  /** Operation id of the holder; absent once released. */
  readonly holder?: string;
  /** Increases by one on every acquisition, never reused: a mutation carrying an older epoch is refused. */
  readonly epoch: number;
  readonly expiresAtMs?: number;
  readonly acquiredAtMs?: number;
  /** When the last holder released it; absent while held or never released. */
  readonly releasedAtMs?: number;
  /** The operation that released it last. */
  readonly releasedBy?: string;
}

/**
 * True when some other operation than `operationId` held the lease at or after `sinceMs`:
 * it may have changed the target since then (e.g. a rollout that rolled back).
 */
export function heldByOtherSince(lease: LeaseRecord | undefined, operationId: string, sinceMs: number): boolean {
  if (!lease) return false;
  if (lease.holder !== undefined) return lease.holder !== operationId;
  return lease.releasedAtMs !== undefined && lease.releasedAtMs >= sinceMs;
}

/** Whether an operation may take the lease now, and with which epoch. */
export type LeaseDecision = { readonly grant: true; readonly epoch: number } | { readonly grant: false; readonly holder: string };

/** Extra time a lease is held beyond the planned bakes, for task latency and retries. */
export const LEASE_MARGIN_MS = 15 * 60 * 1000;

/**
 * Grants the lease when nobody holds it, or when the holder's lease has expired (a crashed
 * holder must not block the target forever; its stale epoch fences it out afterwards).
 */
export function decideLease(current: LeaseRecord | undefined, operationId: string, nowMs: number): LeaseDecision {
  const epoch = (current?.epoch ?? 0) + 1;
  if (!current?.holder || current.holder === operationId) return { grant: true, epoch };
  if (current.expiresAtMs !== undefined && current.expiresAtMs <= nowMs) return { grant: true, epoch };
  return { grant: false, holder: current.holder };
}

/**
 * How long a rollout holds its lease from step `fromIndex` on: the bakes still ahead, one full
 * wait for a person, a full round of re-evaluations, and a margin. The lease is renewed by every
 * fenced write, so this only has to cover the longest gap between two of them.
 */
export function leaseDurationMs(
  plan: readonly RolloutStep[],
  fromIndex = 0,
  waits: { holdTimeoutSeconds: number; maxInconclusive: number; recheckSeconds: number } = { holdTimeoutSeconds: 0, maxInconclusive: 0, recheckSeconds: 0 },
): number {
  const ahead = plannedSeconds(plan.slice(Math.max(0, fromIndex))) + waits.holdTimeoutSeconds + waits.maxInconclusive * waits.recheckSeconds;
  return ahead * 1000 + LEASE_MARGIN_MS;
}
