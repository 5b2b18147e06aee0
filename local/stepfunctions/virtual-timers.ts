import type { ClockHold, VirtualClock } from '../virtual-clock.js';

interface Timer {
  readonly dueMs: number;
  readonly fire: () => void;
  /** A driving timer makes time pass (a Wait state); a passive one only watches (a timeout). */
  readonly drives: boolean;
}

/**
 * Resolves after every pending microtask has run, so work woken at this instant gets its turn
 * before the clock moves on.
 */
const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Deadlines on the sandbox's virtual clock, shared by every execution of the emulator.
 *
 * Waits are deadlines, not durations: two executions that each wait 60 s from the same instant
 * both wake at +60 s, where calling `clock.sleep(60_000)` twice would serialise them to +120 s.
 * Timers fire from the clock's advance listener, so time moved by anyone else (a scenario, another
 * service) wakes them too.
 */
export class VirtualTimers {
  private readonly timers = new Set<Timer>();
  private driving = false;

  constructor(private readonly clock: VirtualClock) {
    clock.onAdvance((_fromMs, toMs) => this.fireDue(toMs));
  }

  /**
   * Resolves once virtual time reaches `dueMs`, advancing the clock when nothing else does.
   * The sleeper's `hold` is released while it sleeps and taken back the moment its deadline
   * fires, before the clock moves on, so its next state runs at the instant it woke.
   * Aborting `signal` resolves it at once and stops it from driving the clock: a stopped
   * execution must not keep moving time.
   */
  sleepUntil(dueMs: number, hold: ClockHold, signal?: AbortSignal): Promise<void> {
    if (dueMs <= this.clock.nowMs() || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const onAbort = (): void => {
        this.timers.delete(timer);
        wake();
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        hold.acquire();
        resolve();
      };
      const timer: Timer = { dueMs, fire: wake, drives: true };
      this.timers.add(timer);
      // Removed on wake: an execution sleeps many times on one signal.
      signal?.addEventListener('abort', onAbort, { once: true });
      hold.release();
      void this.drive();
    });
  }

  /**
   * Calls `onDue` when virtual time reaches `dueMs`, without moving the clock: a task timeout must
   * not make time jump ahead of a scripted approval. Returns a function that cancels the watch.
   */
  watch(dueMs: number, onDue: () => void): () => void {
    const timer: Timer = { dueMs, fire: onDue, drives: false };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  private async fireDue(nowMs: number): Promise<void> {
    let fired = false;
    for (const timer of [...this.timers]) {
      if (timer.dueMs > nowMs) continue;
      this.timers.delete(timer);
      timer.fire();
      fired = true;
    }
    // Let the woken executions run at this instant before the clock moves on.
    if (fired) await nextMacrotask();
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    try {
      for (;;) {
        // Other executions may be about to register an earlier deadline: let them, then jump.
        await nextMacrotask();
        let nextDueMs = Infinity;
        for (const timer of this.timers) if (timer.drives) nextDueMs = Math.min(nextDueMs, timer.dueMs);
        if (nextDueMs === Infinity) return;
        const nowMs = this.clock.nowMs();
        if (nextDueMs <= nowMs) await this.fireDue(nowMs);
        else await this.clock.sleep(nextDueMs - nowMs);
      }
    } finally {
      this.driving = false;
    }
  }
}
