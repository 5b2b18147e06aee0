import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../local/virtual-clock.js';

const T0 = Date.UTC(2026, 0, 1);
const realMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('VirtualClock', () => {
  it('walks a sleep through its slices, each seen by every listener in order', async () => {
    const clock = new VirtualClock(T0, { sliceMs: 1000 });
    const seen: [number, number][] = [];
    clock.onAdvance((fromMs, toMs) => {
      seen.push([fromMs - T0, toMs - T0]);
    });
    await clock.sleep(2500);
    expect(seen).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 2500],
    ]);
    expect(clock.nowMs()).toBe(T0 + 2500);
  });

  it('does not move while work holds the instant, however long it takes in real time', async () => {
    const clock = new VirtualClock(T0);
    const hold = clock.hold('slow work');
    let slept = false;
    const sleeper = clock.sleep(60_000).then(() => (slept = true));
    await realMs(300);
    expect([clock.nowMs(), slept]).toEqual([T0, false]);
    hold.release();
    await sleeper;
    expect(clock.nowMs()).toBe(T0 + 60_000);
  });

  it('waits for every hold, and for holds taken again at the same instant', async () => {
    const clock = new VirtualClock(T0, { sliceMs: 60_000 });
    const first = clock.hold('first');
    const second = clock.hold('second');
    const sleeper = clock.sleep(60_000);
    first.release();
    await realMs(50);
    expect(clock.nowMs()).toBe(T0);
    first.acquire();
    second.release();
    await realMs(50);
    expect(clock.nowMs()).toBe(T0);
    first.release();
    await sleeper;
    expect(clock.nowMs()).toBe(T0 + 60_000);
  });

  it('releases what holding() held, also when the work throws', async () => {
    const clock = new VirtualClock(T0);
    await expect(clock.holding('failing work', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(clock.holding('work', async () => clock.nowMs())).resolves.toBe(T0);
    await clock.sleep(1000);
    expect(clock.nowMs()).toBe(T0 + 1000);
  });

  it('reports a stall with what holds time, again and again, and never moves time on its own', async () => {
    const reports: string[] = [];
    const clock = new VirtualClock(T0, { stallReportMs: 100, reportStall: (message) => reports.push(message) });
    const hold = clock.hold('Lambda function braid-detect-incident');
    hold.describe('Step Functions execution op-1 of braid-remediation, state PrepareRepair');
    const sleeper = clock.sleep(1000);
    await realMs(450);
    expect(clock.nowMs()).toBe(T0);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports[0]).toMatch(
      /^sandbox: virtual time has stood still at 2026-01-01T00:00:00.000Z for \d+ s of real time, held by: Step Functions execution op-1 of braid-remediation, state PrepareRepair \(for \d+\.\d s\)\./,
    );
    hold.release();
    await sleeper;
    const count = reports.length;
    await realMs(250);
    expect(reports).toHaveLength(count);
  });

  it('reports nothing when nobody is waiting for time to move', async () => {
    const reports: string[] = [];
    const clock = new VirtualClock(T0, { stallReportMs: 50, reportStall: (message) => reports.push(message) });
    const hold = clock.hold('a long task');
    await realMs(200);
    hold.release();
    expect(reports).toEqual([]);
  });
});
