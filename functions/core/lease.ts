import { plannedSeconds, type RolloutStep } from './rollout-plan.js';

/** A target's lease as stored: who holds it, until when, and its fencing epoch. */
export interface LeaseRecord {
  readonly targetName: string;
  /** Operation id of the holder; absent once released. */
  readonly holder?: string;
  /** Increases by one on every acquisition, never reused: a mutation carrying an older epoch is refused. */
  readonly epoch: number;
  readonly expiresAtMs?: number;
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
