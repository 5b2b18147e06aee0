import type { Clock } from '../functions/core/clock.js';

/** Called for every slice of virtual time the clock moves through, in order. */
export type TimeListener = (fromMs: number, toMs: number) => Promise<void> | void;

/**
 * A claim that something is working at the current virtual instant (an execution between two
 * states, a task in flight): while any hold is held, time does not move.
 */
export class ClockHold {
  private held = true;

  constructor(
    private readonly clock: VirtualClock,
    private label: string,
  ) {}

  /** What holds the instant; may change as the work moves on. */
  describe(label: string): void {
    this.label = label;
  }

  /** What holds the instant. */
  get description(): string {
    return this.label;
  }

  /** Gives the instant back: the holder now waits on the clock or on the outside world. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.clock.changeHolds(-1);
  }

  /** Takes the instant again; a no-op if already held. */
  acquire(): void {
    if (this.held) return;
    this.held = true;
    this.clock.changeHolds(1);
  }
}

/**
 * One clock shared by every emulated service and injected into the handlers.
 *
 * Time only moves when something sleeps (a Wait state, a retry back-off, a scenario's warm-up),
 * and only while nothing holds the current instant: this is what makes concurrent executions
 * behave as on AWS, where a Lambda task takes milliseconds, not the minutes another execution's
 * Wait jumps over. The sleeper's duration is walked through in slices of at most `sliceMs`, and
 * each listener (traffic, alarm evaluation, timers) sees every slice before the sleeper wakes.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly listeners: TimeListener[] = [];
  private chain: Promise<void> = Promise.resolve();
  private holds = 0;
  /** Bumped on every hold change; the grace is waited out once per unchanged set of holds. */
  private holdsVersion = 0;
  private graceSpentAtVersion = -1;
  private unheldWaiters: (() => void)[] = [];

  /**
   * @param startMs virtual time at which the clock starts
   * @param options.sliceMs the largest step a listener sees at once. @default 1000
   * @param options.holdGraceMs real milliseconds a hold may stop time before time moves anyway,
   *   so that a hung task still reaches its TimeoutSeconds instead of freezing the sandbox. @default 10000
   */
  constructor(startMs: number, options: { sliceMs?: number; holdGraceMs?: number } = {}) {
    this.current = startMs;
    this.sliceMs = options.sliceMs ?? 1000;
    this.holdGraceMs = options.holdGraceMs ?? 10_000;
  }

  private readonly sliceMs: number;
  private readonly holdGraceMs: number;

  nowMs(): number {
    return this.current;
  }

  /** Registers a listener for every slice of time the clock moves through. */
  onAdvance(listener: TimeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Holds the current instant until the returned hold is released.
   * @param label what is in flight
   */
  hold(label: string): ClockHold {
    this.changeHolds(1);
    return new ClockHold(this, label);
  }

  /** @internal used by ClockHold */
  changeHolds(delta: number): void {
    this.holds += delta;
    this.holdsVersion += 1;
    if (this.holds === 0) {
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

  /**
   * Resolves once nothing holds the instant (after pending work at this instant has had its
   * turn), or once holds have stopped time for `holdGraceMs` of real time.
   */
  private async unheld(): Promise<void> {
    const deadline = Date.now() + this.holdGraceMs;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.holds === 0 || this.graceSpentAtVersion === this.holdsVersion) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.graceSpentAtVersion = this.holdsVersion;
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.unheldWaiters.push(resolve);
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }
}
