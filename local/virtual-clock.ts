import type { Clock } from '../functions/core/clock.js';

/** Called for every slice of virtual time the clock moves through, in order. */
export type TimeListener = (fromMs: number, toMs: number) => Promise<void> | void;

/**
 * One clock shared by every emulated service and injected into the handlers.
 *
 * Time only moves when something sleeps (a Wait state, a retry back-off): the sleeper's
 * duration is walked through in slices of at most `sliceMs`, and each listener (traffic,
 * alarm evaluation) sees every slice before the sleeper wakes, so a bake of N minutes
 * produces N minutes of traffic and alarm periods, deterministically.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly listeners: TimeListener[] = [];
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param startMs virtual time at which the clock starts
   * @param sliceMs the largest step a listener sees at once
   * @default sliceMs 1000
   */
  constructor(startMs: number, private readonly sliceMs = 1000) {
    this.current = startMs;
  }

  nowMs(): number {
    return this.current;
  }

  /** Registers a listener for every slice of time the clock moves through. */
  onAdvance(listener: TimeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Moves virtual time forward by `ms` and resolves once every listener has seen it.
   * Concurrent sleepers are serialised, so time never runs backwards or twice.
   */
  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`sleep needs a duration >= 0 ms, got ${ms}`);
    const run = this.chain.then(() => this.advance(ms));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    while (this.current < end) {
      const from = this.current;
      const to = Math.min(end, from + this.sliceMs);
      this.current = to;
      for (const listener of this.listeners) await listener(from, to);
    }
  }
}
