import type { Clock } from '../functions/core/clock.js';

/** Called for every slice of virtual time the clock moves through, in order. */
export type TimeListener = (fromMs: number, toMs: number) => Promise<void> | void;

/**
 * A claim that real work is in flight at the current virtual instant (an execution between two
 * states, a Lambda handler running, an event being delivered): while any hold is held, time
 * does not move.
 */
export class ClockHold {
  private held = true;
  /** `performance.now()` when the hold was last taken, for the stall report. */
  private sinceRealMs = performance.now();

  constructor(
    private readonly clock: VirtualClock,
    private label: string,
  ) {}

  /** What holds the instant, as the stall report names it; may change as the work moves on. */
  describe(label: string): void {
    this.label = label;
  }

  /** Gives the instant back: the holder now waits on the clock or on the outside world. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.clock.changeHolds(this, false);
  }

  /** Takes the instant again; a no-op if already held. */
  acquire(): void {
    if (this.held) return;
    this.held = true;
    this.sinceRealMs = performance.now();
    this.clock.changeHolds(this, true);
  }

  /** @internal the stall report's line for this hold */
  report(nowRealMs: number): string {
    return `${this.label} (for ${((nowRealMs - this.sinceRealMs) / 1000).toFixed(1)} s)`;
  }
}

/** A clock whose current instant work in flight can hold (the sandbox's virtual clock). */
export interface HoldableClock extends Clock {
  /** Runs `work` with the instant held: no virtual time passes until it ends. `label` names it in stall reports. */
  holding<T>(label: string, work: () => Promise<T>): Promise<T>;
}

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** The largest step a listener sees at once. @default 1000 */
  readonly sliceMs?: number;
  /** Real milliseconds time may stand still, with a sleeper waiting, before the stall is reported. @default 30000 */
  readonly stallReportMs?: number;
  /** Where stall reports go. @default - a line on stderr */
  readonly reportStall?: (message: string) => void;
}

/**
 * One clock shared by every emulated service and injected into the handlers.
 *
 * Time only moves when something sleeps (a Wait state, a retry back-off, a scenario's clock),
 * and only while nothing holds the current instant: real work (a state's task, a Lambda
 * handler, an event delivery, a callback being processed) takes no virtual time, however long
 * it takes on a busy machine, so a scenario with a seed gives the same result anywhere. A hold
 * that is never released (a hung task) stops virtual time for good; after `stallReportMs` of
 * real time the clock says on stderr what holds it, and keeps saying it, but never moves on.
 * The sleeper's duration is walked through in slices of at most `sliceMs`, and each listener
 * (traffic, alarm evaluation, timers) sees every slice before the sleeper wakes.
 */
export class VirtualClock implements HoldableClock {
  private current: number;
  private readonly listeners: TimeListener[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly holds = new Set<ClockHold>();
  private unheldWaiters: (() => void)[] = [];
  private readonly sliceMs: number;
  private readonly stallReportMs: number;
  private readonly reportStall: (message: string) => void;

  /** @param startMs virtual time at which the clock starts */
  constructor(startMs: number, options: VirtualClockOptions = {}) {
    this.current = startMs;
    this.sliceMs = options.sliceMs ?? 1000;
    this.stallReportMs = options.stallReportMs ?? 30_000;
    this.reportStall = options.reportStall ?? ((message) => process.stderr.write(`${message}\n`));
  }

  nowMs(): number {
    return this.current;
  }

  /** Registers a listener for every slice of time the clock moves through. */
  onAdvance(listener: TimeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Holds the current instant until the returned hold is released.
   * @param label what is in flight, for the stall report
   */
  hold(label: string): ClockHold {
    const hold = new ClockHold(this, label);
    this.changeHolds(hold, true);
    return hold;
  }

  /** Runs `work` with the instant held, and releases it however `work` ends. */
  async holding<T>(label: string, work: () => Promise<T>): Promise<T> {
    const hold = this.hold(label);
    try {
      return await work();
    } finally {
      hold.release();
    }
  }

  /** @internal used by ClockHold */
  changeHolds(hold: ClockHold, held: boolean): void {
    if (held) this.holds.add(hold);
    else this.holds.delete(hold);
    if (this.holds.size === 0) {
      const waiters = this.unheldWaiters;
      this.unheldWaiters = [];
      for (const wake of waiters) wake();
    }
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
      await this.unheld();
      const from = this.current;
      const to = Math.min(end, from + this.sliceMs);
      this.current = to;
      for (const listener of this.listeners) await listener(from, to);
    }
  }

  /** Resolves once nothing holds the instant, after pending work at this instant has had its turn. */
  private async unheld(): Promise<void> {
    const waitingSinceMs = performance.now();
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.holds.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.unheldWaiters.push(resolve);
        const report = (): void => {
          const nowRealMs = performance.now();
          const held = [...this.holds].map((hold) => hold.report(nowRealMs));
          this.reportStall(
            `sandbox: virtual time has stood still at ${new Date(this.current).toISOString()} for ${((nowRealMs - waitingSinceMs) / 1000).toFixed(0)} s of real time, held by: ${held.join('; ')}. Work in flight stops virtual time until it ends; a task that never returns stops it for good.`,
          );
          timer = setTimeout(report, this.stallReportMs).unref();
        };
        timer = setTimeout(report, this.stallReportMs).unref();
      });
      clearTimeout(timer);
    }
  }
}
